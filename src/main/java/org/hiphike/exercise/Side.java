package org.hiphike.exercise;

import com.fasterxml.jackson.annotation.JsonValue;

/** The side that drops: the hanging leg's side. */
public enum Side {
    LEFT, RIGHT;

    @JsonValue
    public String jsonName() { return name().toLowerCase(java.util.Locale.ROOT); }

    public static Side fromJson(String name) { return valueOf(name.toUpperCase(java.util.Locale.ROOT)); }

    public Side opposite() { return this == LEFT ? RIGHT : LEFT; }
}
