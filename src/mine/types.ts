/** One variable of a line: its text and the mask that matched it (`*` for a generalised token). */
export interface Param {
  value: string;
  mask: string;
}
