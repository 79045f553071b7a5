/**
 * The `pol` command line: a thin shell over the library. It parses arguments, prints, and sets the
 * exit status; every command lives in commands/ and loads heavy libraries only when it runs.
 */
import { runPol } from './program.ts';

// A reader that stops early (`pol compile … | head`) closes the pipe: that is not an error of pol's.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

process.exitCode = await runPol(process.argv);
