/**
 * Temp files of streaming writes still open when the process exits normally (process.exit, an
 * uncaught error) are removed then; after SIGKILL or a power cut the hidden `.name.pid.xxx.tmp` stays
 * next to the target (the target itself is never touched before close()).
 */
import { unlinkSync } from 'node:fs';

const open = new Set<string>();
let hooked = false;

/** Registers `path` for removal at exit; call the returned function once the file is renamed or removed. */
export function removeTempOnExit(path: string): () => void {
  if (!hooked) {
    hooked = true;
    process.once('exit', () => {
      for (const p of open) {
        try {
          unlinkSync(p);
        } catch {
          // already gone
        }
      }
    });
  }
  open.add(path);
  return () => open.delete(path);
}
