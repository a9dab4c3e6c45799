/** A 16×16 green dot, inline so the tray needs no file beside the bundle. */
export const trayIconDataUrl =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAANElEQVR4nGNgoAXQqzX6jw2TrZEog4jVjNMQigwgVTOGIaMGUMGAgU8HVEnKxBhEUCM5AADe9jEA1lAB7AAAAABJRU5ErkJggg==';
