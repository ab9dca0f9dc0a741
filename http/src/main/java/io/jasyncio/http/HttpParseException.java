package io.jasyncio.http;

/**
 * A message the parser refuses, with the status a server answers it with (400, 413, 414, 431,
 * 501 or 505); the connection is closed after it. The only exception the parser throws.
 */
final class HttpParseException extends Exception {
  private final int status;

  HttpParseException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  /** The status a server answers with. */
  int status() {
    return status;
  }

  @Override
  public String toString() {
    return "HttpParseException[" + status + ": " + getMessage() + "]";
  }
}
