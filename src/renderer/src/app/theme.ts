// Light/dark theme: follows the system at start, the user can flip it; plots read it too.
import { createContext, useContext } from 'react';

export interface ThemeState {
  dark: boolean;
  toggle: () => void;
}

export const ThemeContext = createContext<ThemeState>({ dark: false, toggle: () => {} });

export function useTheme(): ThemeState {
  return useContext(ThemeContext);
}

export function systemPrefersDark(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
}
