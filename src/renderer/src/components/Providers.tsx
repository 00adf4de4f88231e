import { Box, List, ListItem, ListItemText, Paper, Typography } from '@mui/material';
import type { ApiOutput } from '../../../core/api/types';

type Provider = ApiOutput<'providers/list'>[number];

export function Providers({ providers }: { providers: readonly Provider[] }) {
  return (
    <Paper component="section" aria-labelledby="providers-title" variant="outlined" sx={{ p: 2 }}>
      <Typography id="providers-title" variant="h6" component="h2">
        Providers
      </Typography>
      {providers.length === 0 ? (
        <Typography color="text.secondary" sx={{ mt: 1 }}>
          No providers yet.
        </Typography>
      ) : (
        <List dense aria-labelledby="providers-title">
          {providers.map((p) => (
            <ListItem key={p.id} disableGutters>
              <Box
                aria-hidden
                sx={{ width: 10, height: 10, borderRadius: '50%', bgcolor: p.color, mr: 1.5 }}
              />
              <ListItemText primary={p.displayName} secondary={p.specialtyName} />
            </ListItem>
          ))}
        </List>
      )}
    </Paper>
  );
}
