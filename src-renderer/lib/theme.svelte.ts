// Charts take their colours from the theme when drawn: this counter changes when the system switches between
// light and dark, so that an effect reading it draws again.

export const theme = $state({ changes: 0 });

matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => theme.changes++);
