package io.jasyncio.http;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Percent-decoding of paths and {@code application/x-www-form-urlencoded} queries and forms. */
final class UrlCodec {
  private UrlCodec() {}

  /** Decodes {@code %XX} escapes as UTF-8 ({@code +} stays a plus); null if malformed. */
  static String decodePath(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    return decode(raw, false);
  }

  /** Decodes a form component: {@code +} is a space; a malformed escape is kept as it is. */
  static String decodeForm(String raw) {
    String s = decode(raw, true);
    return s != null ? s : raw;
  }

  private static String decode(String raw, boolean plusIsSpace) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length() || !Syntax.isHex(raw.charAt(i + 1))
            || !Syntax.isHex(raw.charAt(i + 2))) {
          return null;
        }
        out.write(Syntax.hexValue(raw.charAt(i + 1)) * 16 + Syntax.hexValue(raw.charAt(i + 2)));
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        out.write(' ');
      } else if (c < 0x80) {
        out.write(c);
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Parses {@code a=1&b=2&a=3} into an ordered, unmodifiable multi-map. */
  static Map<String, List<String>> parseForm(String s) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (s == null || s.isEmpty()) {
      return Collections.unmodifiableMap(out);
    }
    for (String pair : s.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = decodeForm(eq < 0 ? pair : pair.substring(0, eq));
      String v = eq < 0 ? "" : decodeForm(pair.substring(eq + 1));
      out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    out.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(out);
  }

  /** Encodes fields as {@code application/x-www-form-urlencoded}. */
  static String encodeForm(Map<String, String> fields) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, String> e : fields.entrySet()) {
      if (!b.isEmpty()) {
        b.append('&');
      }
      b.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    return b.toString();
  }
}
