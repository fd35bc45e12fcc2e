export function linksTests(): void {
  // to be written
}
