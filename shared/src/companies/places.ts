/** A place name folded for comparing and grouping: "  new YORK " and "New York" are one place (case, width and spaces aside). */
export function placeKey(place: string): string {
  return place.normalize('NFKC').toLocaleLowerCase('en').replace(/\s+/g, ' ').trim()
}
