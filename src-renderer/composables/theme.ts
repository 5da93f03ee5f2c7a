import { ref, watchEffect } from 'vue';

type Theme = 'light' | 'dark';
const stored = localStorage.getItem('fwb-theme');
const initial: Theme = stored === 'light' || stored === 'dark' ? stored : window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';

export const theme = ref<Theme>(initial);
watchEffect(() => {
  document.documentElement.dataset.theme = theme.value;
  localStorage.setItem('fwb-theme', theme.value);
});

export function toggleTheme(): void {
  theme.value = theme.value === 'dark' ? 'light' : 'dark';
}
