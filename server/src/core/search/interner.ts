/** Words interned by range while a segment is built. */

/**
 * Interns substrings given as ranges, read as lowercase ASCII (the ranges forEachWord gives hold only
 * letters and digits): an open-addressing table of (hash, id) pairs. A word seen before costs a hash
 * and one comparison, and no string is allocated for it (with a Map, every occurrence needed its own
 * lowercased, sliced string to look up, millions of them for a large file).
 */
export class Interner {
  readonly strs: string[] = [];
  /** Pairs (hash, id + 1); id + 1 = 0 marks a free slot. */
  private slots = new Int32Array(2 << 12);

  /** The id of src[start, end) lowercased, a new one (in order of first sight) when it is new. */
  id(src: string, start: number, end: number): number {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ (src.charCodeAt(i) | 32), 0x01000193);
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    const len = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const v = slots[2 * slot + 1];
      if (v === 0) {
        const id = this.strs.length;
        this.strs.push(src.slice(start, end).toLowerCase());
        slots[2 * slot] = hash;
        slots[2 * slot + 1] = id + 1;
        if (this.strs.length * 4 > slots.length) this.grow();
        return id;
      }
      if (slots[2 * slot] !== hash) continue;
      const t = this.strs[v - 1];
      if (t.length !== len) continue;
      let k = 0;
      while (k < len && t.charCodeAt(k) === (src.charCodeAt(start + k) | 32)) k++;
      if (k === len) return v - 1;
    }
  }

  private grow(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = (slots.length >> 1) - 1;
    for (let o = 0; o < old.length; o += 2) {
      if (old[o + 1] === 0) continue;
      let slot = old[o] & mask;
      while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = old[o];
      slots[2 * slot + 1] = old[o + 1];
    }
    this.slots = slots;
  }
}
