package io.jasyncio.http;

/** What one step of the parser produced. */
enum ParseEvent {
  /** Every byte given was consumed; feed more. */
  NEED_MORE,
  /** A message head is complete ({@link HttpParser#head()}). */
  HEAD,
  /** A piece of body ({@link HttpParser#body()}: a view of the input, valid until the next step). */
  BODY,
  /** The message is complete; the next byte begins the next message. */
  END
}
