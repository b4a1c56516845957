package org.hiphike.session;

/** The length of one trend bucket. Weeks start on Monday (ISO-8601). */
public enum TrendPeriod { DAY, WEEK }
