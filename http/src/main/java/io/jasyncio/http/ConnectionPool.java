package io.jasyncio.http;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The connections of one {@link ClientSession} (aiohttp's {@code TCPConnector}): at most {@code
 * limit} open in all and {@code limitPerHost} per host (0: no cap), idle ones kept for {@code
 * keepAlive} seconds and reused most recent first, stale ones dropped, and requests that find no
 * slot waiting in FIFO order. A slot freed goes straight to the first waiter that can use it.
 *
 * <p>Threads: loop-bound.
 */
final class ConnectionPool {
  /** A grant meaning: a slot is reserved, open a new connection. */
  static final Object NEW = new Object();

  private final EventLoop loop;
  private final int limit;
  private final int limitPerHost;
  private final double keepAlive;
  private final Map<String, ArrayDeque<ClientConnection>> idle = new HashMap<>();
  private final Map<String, Integer> perHost = new HashMap<>();
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private final Set<ClientConnection> all = new LinkedHashSet<>();
  private int open;
  private int idleTotal;
  private boolean closed;

  private record Waiter(String key, Future<Object> grant) {}

  ConnectionPool(EventLoop loop, int limit, int limitPerHost, double keepAlive) {
    this.loop = loop;
    this.limit = limit;
    this.limitPerHost = limitPerHost;
    this.keepAlive = keepAlive;
  }

  /**
   * Suspends until the request may go: returns an idle connection to reuse, or {@link #NEW} (a
   * slot reserved: open a connection and {@link #added} it, or {@link #release} the slot).
   */
  Object acquire(String key, RequestTimer timer) throws IOException {
    if (closed) {
      throw new ClientConnectionError("Session is closed");
    }
    // Waiters are served first. With a cap per host, though, a waiter may be held by its host's
    // cap alone while slots are free: a request to another host then goes ahead of it.
    if (waiters.isEmpty() || (limitPerHost > 0 && !waiting(key))) {
      Object g = tryGrant(key);
      if (g != null) {
        return g;
      }
    }
    Waiter w = new Waiter(key, loop.createFuture());
    waiters.add(w);
    boolean got = false;
    try {
      Object g = timer.await(w.grant(), RequestTimer.Phase.POOL);
      got = true;
      return g;
    } finally {
      if (!got) {
        waiters.remove(w);
        Future<Object> f = w.grant();
        if (f.done() && !f.cancelled() && f.exception() == null) {
          giveBack(key, f.result());
        }
      }
    }
  }

  private boolean waiting(String key) {
    for (Waiter w : waiters) {
      if (w.key().equals(key)) {
        return true;
      }
    }
    return false;
  }

  private void giveBack(String key, Object grant) {
    if (grant == NEW) {
      releaseSlot(key);
    } else {
      release((ClientConnection) grant, true);
    }
  }

  private Object tryGrant(String key) {
    ArrayDeque<ClientConnection> q = idle.get(key);
    while (q != null && !q.isEmpty()) {
      ClientConnection c = q.pollLast();
      unidle(c);
      if (c.usable()) {
        c.reused = true;
        return c;
      }
      drop(c);
    }
    if (limitPerHost > 0 && perHost.getOrDefault(key, 0) >= limitPerHost) {
      return null;
    }
    if (limit > 0 && open >= limit) {
      ClientConnection victim = oldestIdle();
      if (victim == null) {
        return null;
      }
      removeIdle(victim);
      drop(victim);
    }
    open++;
    perHost.merge(key, 1, Integer::sum);
    return NEW;
  }

  private ClientConnection oldestIdle() {
    if (idleTotal == 0) {
      return null;
    }
    for (ClientConnection c : all) {
      if (c.idle) {
        return c;
      }
    }
    return null;
  }

  /** A connection opened on a slot from {@link #acquire}. */
  void added(ClientConnection c) {
    all.add(c);
    c.onStale = () -> {
      if (c.idle) {
        removeIdle(c);
        drop(c);
        wakeWaiters();
      }
    };
  }

  /** Gives back a slot whose connection could not be opened. */
  void releaseSlot(String key) {
    open--;
    perHost.merge(key, -1, Integer::sum);
    wakeWaiters();
  }

  /** Hands a connection back: kept idle when {@code reusable}, else closed. */
  void release(ClientConnection c, boolean reusable) {
    if (c.idle || !all.contains(c)) {
      return;
    }
    if (reusable && !closed && c.reusable()) {
      c.idle = true;
      idleTotal++;
      c.reused = false;
      idle.computeIfAbsent(c.key, k -> new ArrayDeque<>()).addLast(c);
      // most recently used last in `all` too, so the oldest idle is found first
      all.remove(c);
      all.add(c);
      c.expiry = loop.callLater(keepAlive, () -> {
        if (c.idle) {
          removeIdle(c);
          drop(c);
          wakeWaiters();
        }
      });
    } else {
      drop(c);
    }
    wakeWaiters();
  }

  private void removeIdle(ClientConnection c) {
    ArrayDeque<ClientConnection> q = idle.get(c.key);
    if (q != null) {
      q.remove(c);
    }
    unidle(c);
  }

  private void unidle(ClientConnection c) {
    if (c.idle) {
      idleTotal--;
    }
    c.idle = false;
    if (c.expiry != null) {
      c.expiry.cancel();
      c.expiry = null;
    }
  }

  private void drop(ClientConnection c) {
    c.close();
    if (all.remove(c)) {
      open--;
      perHost.merge(c.key, -1, Integer::sum);
    }
  }

  /**
   * Grants what can be granted, first waiter first. Stops at the first waiter refused while every
   * slot is taken and no connection is idle: no waiter behind it can be served either, so a
   * release costs one grant, not a walk over every waiter (930 requests on 100 connections
   * would otherwise cost 830 refusals per release).
   */
  private void wakeWaiters() {
    Iterator<Waiter> it = waiters.iterator();
    while (it.hasNext()) {
      if (limit > 0 && open >= limit && idleTotal == 0) {
        return;
      }
      Waiter w = it.next();
      if (w.grant().done()) {
        it.remove();
        continue;
      }
      Object g = tryGrant(w.key());
      if (g != null) {
        it.remove();
        w.grant().setResult(g);
      }
    }
  }

  int openCount() {
    return open;
  }

  int idleCount() {
    return idleTotal;
  }

  /** Closes every connection and fails every waiter. */
  void close() {
    closed = true;
    for (Waiter w : waiters) {
      if (!w.grant().done()) {
        w.grant().setException(new ClientConnectionError("Session is closed"));
      }
    }
    waiters.clear();
    for (ClientConnection c : java.util.List.copyOf(all)) {
      if (c.awaitingResponse()) {
        c.fail(new ClientConnectionError("Session is closed"));
      } else {
        // idle, or its response already read: no one to tell, so no exception to build (closing
        // a session of 930 idle connections built 930 of them, stack traces included)
        c.close();
      }
      removeIdle(c);
    }
    all.clear();
    idle.clear();
    open = 0;
    idleTotal = 0;
    perHost.clear();
  }

  boolean closed() {
    return closed;
  }
}
