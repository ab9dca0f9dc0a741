package io.jasyncio.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HeadersTest {
  @Test
  void caseInsensitiveMultiValuedInOrder() {
    Headers h = Headers.of("Content-Type", "text/plain", "Set-Cookie", "a=1");
    h.add("set-cookie", "b=2").add("X-Id", "7");
    assertEquals("text/plain", h.get("CONTENT-TYPE"));
    assertEquals(List.of("a=1", "b=2"), h.getAll("SET-COOKIE"));
    assertEquals(List.of(), h.getAll("missing"));
    assertNull(h.get("missing"));
    assertTrue(h.contains("x-id"));
    assertEquals(4, h.size());
    assertEquals(Set.of("Content-Type", "Set-Cookie", "X-Id"), h.names());
    assertEquals(List.of("Content-Type", "Set-Cookie", "X-Id"), new ArrayList<>(h.names()));
    List<String> order = new ArrayList<>();
    for (Map.Entry<String, String> e : h) {
      order.add(e.getKey() + "=" + e.getValue());
    }
    assertEquals(List.of("Content-Type=text/plain", "Set-Cookie=a=1", "set-cookie=b=2", "X-Id=7"),
        order);
  }

  @Test
  void setReplacesEveryValueAndRemoveRemovesAll() {
    Headers h = Headers.of("A", "1", "B", "2", "a", "3");
    h.set("a", "9");
    assertEquals(List.of("9"), h.getAll("A"));
    assertEquals(2, h.size());
    assertEquals("A", h.names().iterator().next());
    h.remove("b");
    assertFalse(h.contains("B"));
    assertEquals(1, h.size());
    h.set("New", "x");
    assertEquals("x", h.get("new"));
  }

  @Test
  void refusesWhatWouldSplitAMessage() {
    Headers h = new Headers();
    assertThrows(IllegalArgumentException.class, () -> h.add("X", "a\r\nInjected: 1"));
    assertThrows(IllegalArgumentException.class, () -> h.add("X", "a\nb"));
    assertThrows(IllegalArgumentException.class, () -> h.add("X", "a\u0000"));
    assertThrows(IllegalArgumentException.class, () -> h.set("X", "\r"));
    assertThrows(IllegalArgumentException.class, () -> h.add("Bad Name", "v"));
    assertThrows(IllegalArgumentException.class, () -> h.add("Bad:Name", "v"));
    assertThrows(IllegalArgumentException.class, () -> h.add("", "v"));
    assertThrows(IllegalArgumentException.class, () -> h.add("Caf\u00e9", "v"));
    assertThrows(IllegalArgumentException.class, () -> Headers.of("odd"));
    assertEquals(0, h.size());
    h.add("X", "tab\tis fine");
    assertEquals("tab\tis fine", h.get("x"));
  }

  @Test
  void copyIsIndependent() {
    Headers a = Headers.of("A", "1");
    Headers b = a.copy();
    b.add("B", "2");
    assertEquals(1, a.size());
    assertEquals(2, b.size());
    assertEquals("Headers[A: 1, B: 2]", b.toString());
  }
}
