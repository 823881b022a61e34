/**
 * Maps `source` through `fn` with at most `limit` calls in flight, yielding results in the order of
 * `source`. The source is pulled only when there is room, so memory stays bounded by `limit`
 * whatever the source's length. `fn` must not reject: turn failures into values.
 */
export async function* mapOrdered<T, R>(source: AsyncIterable<T>, limit: number, fn: (item: T) => Promise<R>): AsyncGenerator<R> {
  const inFlight: Promise<R>[] = [];
  const iterator = source[Symbol.asyncIterator]();
  let done = false;
  const size = Math.max(1, Math.floor(limit));
  try {
    while (true) {
      while (!done && inFlight.length < size) {
        const next = await iterator.next();
        if (next.done === true) done = true;
        else inFlight.push(fn(next.value));
      }
      const head = inFlight.shift();
      if (head === undefined) return;
      yield await head;
    }
  } finally {
    // A consumer that stops early must not leave the walk open.
    if (!done) await iterator.return?.();
  }
}
