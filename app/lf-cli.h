/* lf-cli.h: what lambdaflow-sim's commands share — exit codes, problems, loading */
#pragma once

#include <glib.h>

#include "lf-scenario.h"

G_BEGIN_DECLS

enum {
  LF_EXIT_OK = 0,
  LF_EXIT_INVALID = 1,   /* the scenario is invalid */
  LF_EXIT_USAGE = 2,
  LF_EXIT_IO = 3,
};

/* "FILE: error: PATH: MESSAGE", one line each, warnings too */
void        lf_cli_print_problems (const char *file, GPtrArray *problems, gboolean warnings_too);
/* Loads FILE, applies --seed (NULL: none) and validates, printing every problem. NULL
 * when it cannot run, with *status LF_EXIT_INVALID, LF_EXIT_USAGE (a bad seed) or LF_EXIT_IO. */
LfScenario *lf_cli_load           (const char *file, const char *seed, int *status);

G_END_DECLS
