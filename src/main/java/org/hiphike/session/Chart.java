package org.hiphike.session;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A small drawing (lines, polylines, rectangles, dots, text) in a fixed coordinate box, written as
 * inline SVG for the HTML report or drawn to a PNG for the PDF (whose renderer has no SVG support).
 * Coordinates are in drawing units, y down, as in SVG.
 */
final class Chart {
    sealed interface Shape permits Line, Poly, Rect, Dot, Tri, Text {}

    record Line(double x1, double y1, double x2, double y2, String color, double width, boolean dashed) implements Shape {}

    record Poly(double[] xs, double[] ys, String color, double width) implements Shape {}

    record Rect(double x, double y, double w, double h, String color, double opacity) implements Shape {}

    record Dot(double x, double y, double r, String color) implements Shape {}

    /** A triangle pointing up, centred on (x, y): marks a rep with a fault (a shape, not only a colour). */
    record Tri(double x, double y, double r, String color) implements Shape {
        double[] xs() { return new double[] {x, x + r * 1.1, x - r * 1.1}; }

        double[] ys() { return new double[] {y - r * 1.2, y + r * 0.8, y + r * 0.8}; }
    }

    /** @param anchor "start", "middle" or "end" */
    record Text(double x, double y, String text, double size, String color, String anchor) implements Shape {}

    final double width, height;
    private final String title;
    private final List<Shape> shapes = new ArrayList<>();

    Chart(double width, double height, String title) {
        this.width = width;
        this.height = height;
        this.title = title;
    }

    Chart add(Shape s) {
        shapes.add(s);
        return this;
    }

    String toSvg() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 %.0f %.0f\" width=\"100%%\" role=\"img\">",
                width, height));
        sb.append("<title>").append(Html.escape(title)).append("</title>");
        for (Shape s : shapes) {
            if (s instanceof Line l) {
                sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"%s/>",
                        l.x1(), l.y1(), l.x2(), l.y2(), l.color(), l.width(), l.dashed() ? " stroke-dasharray=\"4 3\"" : ""));
            } else if (s instanceof Poly p) {
                sb.append("<polyline fill=\"none\" stroke=\"").append(p.color()).append("\" stroke-width=\"")
                        .append(String.format(Locale.ROOT, "%.1f", p.width())).append("\" stroke-linejoin=\"round\" points=\"");
                for (int i = 0; i < p.xs().length; i++) {
                    if (i > 0) sb.append(' ');
                    sb.append(String.format(Locale.ROOT, "%.1f,%.1f", p.xs()[i], p.ys()[i]));
                }
                sb.append("\"/>");
            } else if (s instanceof Rect r) {
                sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" fill-opacity=\"%.2f\"/>",
                        r.x(), r.y(), r.w(), r.h(), r.color(), r.opacity()));
            } else if (s instanceof Dot d) {
                sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"/>", d.x(), d.y(), d.r(), d.color()));
            } else if (s instanceof Tri t) {
                sb.append("<polygon class=\"fault\" points=\"");
                for (int i = 0; i < 3; i++) {
                    sb.append(String.format(Locale.ROOT, i == 0 ? "%.1f,%.1f" : " %.1f,%.1f", t.xs()[i], t.ys()[i]));
                }
                sb.append("\" fill=\"").append(t.color()).append("\" stroke=\"#222222\" stroke-width=\"0.6\"/>");
            } else if (s instanceof Text t) {
                sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" fill=\"%s\" text-anchor=\"%s\">",
                        t.x(), t.y(), t.size(), t.color(), t.anchor())).append(Html.escape(t.text())).append("</text>");
            }
        }
        return sb.append("</svg>").toString();
    }

    /** The drawing as a PNG, {@code scale} pixels per unit, as a data URI. */
    String toPngDataUri(double scale) {
        BufferedImage img = new BufferedImage((int) Math.ceil(width * scale), (int) Math.ceil(height * scale), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.scale(scale, scale);
            for (Shape s : shapes) draw(g, s);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
    }

    private static void draw(Graphics2D g, Shape s) {
        if (s instanceof Line l) {
            g.setColor(color(l.color(), 1));
            g.setStroke(l.dashed() ? new BasicStroke((float) l.width(), BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                    new float[] {4, 3}, 0) : new BasicStroke((float) l.width()));
            g.draw(new java.awt.geom.Line2D.Double(l.x1(), l.y1(), l.x2(), l.y2()));
        } else if (s instanceof Poly p) {
            if (p.xs().length == 0) return;
            Path2D.Double path = new Path2D.Double();
            path.moveTo(p.xs()[0], p.ys()[0]);
            for (int i = 1; i < p.xs().length; i++) path.lineTo(p.xs()[i], p.ys()[i]);
            g.setColor(color(p.color(), 1));
            g.setStroke(new BasicStroke((float) p.width(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(path);
        } else if (s instanceof Rect r) {
            g.setColor(color(r.color(), r.opacity()));
            g.fill(new Rectangle2D.Double(r.x(), r.y(), r.w(), r.h()));
        } else if (s instanceof Dot d) {
            g.setColor(color(d.color(), 1));
            g.fill(new java.awt.geom.Ellipse2D.Double(d.x() - d.r(), d.y() - d.r(), 2 * d.r(), 2 * d.r()));
        } else if (s instanceof Tri t) {
            Path2D.Double path = new Path2D.Double();
            path.moveTo(t.xs()[0], t.ys()[0]);
            path.lineTo(t.xs()[1], t.ys()[1]);
            path.lineTo(t.xs()[2], t.ys()[2]);
            path.closePath();
            g.setColor(color(t.color(), 1));
            g.fill(path);
            g.setColor(color("#222222", 1));
            g.setStroke(new BasicStroke(0.6f));
            g.draw(path);
        } else if (s instanceof Text t) {
            g.setColor(color(t.color(), 1));
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 1).deriveFont((float) t.size()));
            double w = g.getFontMetrics().getStringBounds(t.text(), g).getWidth();
            double x = switch (t.anchor()) {
                case "middle" -> t.x() - w / 2;
                case "end" -> t.x() - w;
                default -> t.x();
            };
            g.drawString(t.text(), (float) x, (float) t.y());
        }
    }

    /** The texts of this drawing. */
    List<Text> texts() { return shapes.stream().filter(Text.class::isInstance).map(Text.class::cast).toList(); }

    List<Shape> shapes() { return List.copyOf(shapes); }

    /**
     * Where a text is drawn, in drawing units, measured with the font the PNG is drawn with: x, y of the top
     * left corner, width, height (ascent and descent).
     */
    static Rectangle2D bounds(Text t) {
        BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 1).deriveFont((float) t.size()));
            java.awt.FontMetrics fm = g.getFontMetrics();
            double w = fm.getStringBounds(t.text(), g).getWidth();
            double x = switch (t.anchor()) {
                case "middle" -> t.x() - w / 2;
                case "end" -> t.x() - w;
                default -> t.x();
            };
            return new Rectangle2D.Double(x, t.y() - fm.getAscent(), w, fm.getAscent() + fm.getDescent());
        } finally {
            g.dispose();
        }
    }

    /** "#rrggbb" to a colour with the given opacity. */
    private static Color color(String hex, double opacity) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        return new Color((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, (int) Math.round(opacity * 255));
    }
}
