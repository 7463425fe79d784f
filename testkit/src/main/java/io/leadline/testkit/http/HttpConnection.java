package io.leadline.testkit.http;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** One keep-alive HTTP/1.1 connection: writes a whole request, reads the answer's status and skips its body. */
final class HttpConnection {

    /** The connection ended before the first byte of an answer: a kept-alive connection the server had closed. */
    static final class ClosedBeforeAnswer extends IOException {
        ClosedBeforeAnswer(Throwable cause) {
            super("the connection closed before an answer", cause);
        }
    }

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int READ_TIMEOUT_MILLIS = 30_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private boolean reusable = true;

    private HttpConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 8192);
        this.out = socket.getOutputStream();
    }

    static HttpConnection open(String host, int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            return new HttpConnection(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    boolean reusable() {
        return reusable;
    }

    int exchange(byte[] request) throws IOException {
        String statusLine;
        try {
            out.write(request);
            out.flush();
            statusLine = readLine();
        } catch (SocketTimeoutException slow) {
            throw slow;
        } catch (IOException e) {
            throw new ClosedBeforeAnswer(e);
        }
        if (statusLine == null) {
            throw new ClosedBeforeAnswer(null);
        }
        if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x answer: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        for (String line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                case "connection" -> reusable &= !value.contains("close");
                default -> { }
            }
        }
        if (statusLine.startsWith("HTTP/1.0")) {
            reusable = false;
        }
        if (chunked) {
            skipChunks();
        } else if (length >= 0) {
            skip(length);
        } else if (status != 204 && status != 304) {
            in.transferTo(OutputStream.nullOutputStream()); // the body runs to the end of the connection
            reusable = false;
        }
        return status;
    }

    private void skipChunks() throws IOException {
        while (true) {
            String size = readLine();
            if (size == null) {
                throw new EOFException("the chunked answer ended early");
            }
            int extension = size.indexOf(';');
            long chunk = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
            if (chunk == 0) {
                for (String trailer = readLine(); trailer != null && !trailer.isEmpty(); trailer = readLine()) {
                    // trailers are not needed
                }
                return;
            }
            skip(chunk);
            readLine();
        }
    }

    private void skip(long bytes) throws IOException {
        in.skipNBytes(bytes);
    }

    /** One header line without its CRLF, or null at the end of the stream before any byte. */
    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) b);
        }
        if (line.isEmpty()) {
            return null;
        }
        throw new EOFException("the connection closed in the middle of a line");
    }

    void close() {
        reusable = false;
        try {
            socket.close();
        } catch (IOException e) {
            // closing is best effort: the socket is gone either way
        }
    }
}
