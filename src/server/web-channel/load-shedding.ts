// Sheds web chat load with 429s while the heap is near its limit, so a flood is refused before it can
// take the process down (transcripts are bounded in bytes too, but a flood holds memory in flight as well).
import v8 from 'node:v8';
import vm from 'node:vm';

export interface HeapReading {
  used_heap_size: number;
  heap_size_limit: number;
}

/**
 * What V8's heap_size_limit holds besides the old generation: the young generation (48 MB on 64-bit
 * Node 20, whatever --max-old-space-size says: measured 64 -> 112 MB, 96 -> 144, 256 -> 304). The process
 * dies when the old generation is full, so that is the limit to compare with; against heap_size_limit
 * a 96 MB heap would have shed load only at 115 MB, after it had already run out (measured, issue 14).
 */
const YOUNG_GENERATION_BYTES = 48 * 1024 * 1024;

/** The heap the process can fill before it dies: heap_size_limit less the young generation (at least half of it). */
function usableHeapBytes(heap: HeapReading = v8.getHeapStatistics()): number {
  return Math.max(heap.heap_size_limit / 2, heap.heap_size_limit - YOUNG_GENERATION_BYTES);
}

/**
 * A full garbage collection on demand. The used heap counts garbage too, and an idle process collects
 * none: after a flood the reading stayed over the mark, and every new chat got 429 for as long as nobody
 * allocated (measured: over 30 s with a 96 MB heap). So before refusing, the guard collects (at most once a
 * second) and reads again: what is left is what the process really holds.
 */
function exposedGc(): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? () => void (gc as () => unknown)() : undefined;
  } catch {
    return undefined;
  }
}

const COLLECT_EVERY_MS = 1000;

export class HeapGuard {
  private lastCollect = 0;
  private readonly collect: (() => void) | undefined;

  constructor(
    /** Above this share of the usable heap, new chats and new messages are refused for a moment. */
    private readonly fraction = 0.8,
    private readonly read: () => HeapReading = () => v8.getHeapStatistics(),
    collect?: () => void,
  ) {
    this.collect = collect ?? exposedGc();
  }

  overloaded(): boolean {
    let heap = this.read();
    if (!this.over(heap)) return false;
    const now = Date.now();
    if (this.collect && now - this.lastCollect >= COLLECT_EVERY_MS) {
      this.lastCollect = now;
      this.collect();
      heap = this.read();
    }
    return this.over(heap);
  }

  private over(heap: HeapReading): boolean {
    return heap.used_heap_size > this.fraction * usableHeapBytes(heap);
  }
}

/**
 * The web chat's memory budget: WEBCHAT_MEMORY_MB, but never more than a quarter of the usable heap. With
 * the default 48 MB under a 96 MB heap, the transcripts alone and the bot's own ~30 MB filled it and the
 * process died (measured); a quarter leaves room for the bot and for messages in flight.
 */
export function webChatMemoryBytes(configuredMb: number, heap: HeapReading = v8.getHeapStatistics()): number {
  return Math.min(configuredMb * 1024 * 1024, Math.floor(usableHeapBytes(heap) / 4));
}
