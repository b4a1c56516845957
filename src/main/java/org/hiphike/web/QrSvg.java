package org.hiphike.web;

import io.nayuki.qrcodegen.QrCode;

/** A QR code as an SVG image (Nayuki's QR Code generator, MIT licence), black modules on white with a quiet zone. */
public final class QrSvg {
    private static final int BORDER = 4;

    private QrSvg() {}

    /** The SVG of a QR code of {@code text} (error correction level M). */
    public static String of(String text) {
        return svg(QrCode.encodeText(text, QrCode.Ecc.MEDIUM));
    }

    static String svg(QrCode qr) {
        int n = qr.size + 2 * BORDER;
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < qr.size; y++) {
            for (int x = 0; x < qr.size; x++) {
                if (qr.getModule(x, y)) path.append('M').append(x + BORDER).append(',').append(y + BORDER).append("h1v1h-1z");
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 " + n + " " + n
                + "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/><path d=\""
                + path + "\" fill=\"#000000\"/></svg>";
    }

    /** An empty white square, for when there is no address to show. */
    static String empty() {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect width=\"10\" height=\"10\" fill=\"#ffffff\"/></svg>";
    }
}
