import { createTheme, type CSSVariablesResolver } from '@mantine/core';

// One theme for every screen: Strata's blue, readable type, visible focus rings.
export const theme = createTheme({
  primaryColor: 'strata',
  colors: {
    strata: [
      '#eaf0fb', '#d2dcf1', '#a3b8e4', '#7192d7', '#4872cc', '#2f5ec5',
      '#2253c3', '#1a45ad', '#153c9b', '#1c3d7a',
    ],
  },
  primaryShade: { light: 7, dark: 4 },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  defaultRadius: 'md',
  focusRing: 'auto',
  components: {
    // The alert's tinted title falls short of AA contrast on its tinted background.
    Alert: { styles: { title: { color: 'var(--mantine-color-text)' } } },
    // Its eye-dropper button has no accessible name.
    ColorInput: { defaultProps: { withEyeDropper: false } },
  },
});

// Mantine's default "dimmed" and placeholder greys fall short of WCAG AA contrast (a file input
// shows its placeholder where the value goes); these pass it on every surface, the placeholder
// staying lighter than a typed value.
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': '#6c757d',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
  },
  dark: {
    '--mantine-color-dimmed': 'var(--mantine-color-dark-1)',
    '--mantine-color-placeholder': 'var(--mantine-color-dark-2)',
    '--mantine-color-error': 'var(--mantine-color-red-4)',
    // Links in the primary shade fall short of AA on a striped table row.
    '--mantine-color-anchor': 'var(--mantine-color-strata-2)',
  },
});
