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

/* One option of a command: its names ("--output", "-o") and where its value goes */
typedef struct {
  const char  *name;
  const char  *alias;      /* may be NULL */
  const char **value;
} LfCliOption;

/* "--name VALUE", "--name=VALUE" into the options (a NULL-name-terminated array), one
 * positional argument into *file. FALSE with *message (for the command's usage error). */
gboolean    lf_cli_parse          (int argc, char **argv, const LfCliOption *options,
                                   const char **file, char **message);
/* "WxH", each side min…max */
gboolean    lf_cli_parse_size     (const char *text, int min, int max, int *width, int *height);

/* "FILE: error: PATH: MESSAGE", one line each, warnings too */
void        lf_cli_print_problems (const char *file, GPtrArray *problems, gboolean warnings_too);
/* Loads FILE, applies --seed (NULL: none) and validates, printing every problem. NULL
 * when it cannot run, with *status LF_EXIT_INVALID, LF_EXIT_USAGE (a bad seed) or LF_EXIT_IO. */
LfScenario *lf_cli_load           (const char *file, const char *seed, int *status);

G_END_DECLS
