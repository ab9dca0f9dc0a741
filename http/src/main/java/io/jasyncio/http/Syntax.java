package io.jasyncio.http;

/** Character classes of RFC 9110/9112, as lookup tables. */
final class Syntax {
  private Syntax() {}

  private static final boolean[] TOKEN = new boolean[256];
  private static final boolean[] FIELD_VALUE = new boolean[256];
  private static final boolean[] TARGET = new boolean[256];

  static {
    for (int c = '0'; c <= '9'; c++) {
      TOKEN[c] = true;
    }
    for (int c = 'a'; c <= 'z'; c++) {
      TOKEN[c] = true;
      TOKEN[c - 32] = true;
    }
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
      TOKEN[c] = true;
    }
    // field-content: VCHAR, SP, HTAB and obs-text; no other control character, no DEL
    for (int c = 0x20; c < 256; c++) {
      FIELD_VALUE[c] = c != 0x7f;
    }
    FIELD_VALUE['\t'] = true;
    // request-target: visible ASCII only (no control, no space, no obs-text)
    for (int c = 0x21; c < 0x7f; c++) {
      TARGET[c] = true;
    }
  }

  static boolean isToken(int c) {
    return TOKEN[c & 0xff];
  }

  static boolean isFieldValue(int c) {
    return FIELD_VALUE[c & 0xff];
  }

  static boolean isTarget(int c) {
    return TARGET[c & 0xff];
  }

  static boolean isHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  static int hexValue(int c) {
    if (c <= '9') {
      return c - '0';
    }
    return (c | 0x20) - 'a' + 10;
  }
}
