export function sizeTests(): void {
  // to be written
}
