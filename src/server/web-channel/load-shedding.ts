// Sheds web chat load with 429s while the heap is near its limit, so a flood is refused before it can
// take the process down (transcripts are bounded in bytes too, but a flood holds memory in flight as well).
import v8 from 'node:v8';

export interface HeapReading {
  used_heap_size: number;
  heap_size_limit: number;
}

export class HeapGuard {
  constructor(
    /** Above this share of the heap limit, new chats and new messages are refused for a moment. */
    private readonly fraction = 0.8,
    private readonly read: () => HeapReading = () => v8.getHeapStatistics(),
  ) {}

  overloaded(): boolean {
    const heap = this.read();
    return heap.used_heap_size > this.fraction * heap.heap_size_limit;
  }
}
