import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { CssBaseline, ThemeProvider, createTheme } from '@mui/material';
import { App } from './App';
import { LiveProvider } from './live';
import { AuthGate } from './auth/AuthGate';

const theme = createTheme({
  palette: {
    primary: { main: '#1f5f8b' },
    success: { main: '#2e7d4f' },
    background: { default: '#f5f7fa' },
  },
  typography: {
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <AuthGate>
        <LiveProvider>
          <App />
        </LiveProvider>
      </AuthGate>
    </ThemeProvider>
  </StrictMode>,
);
