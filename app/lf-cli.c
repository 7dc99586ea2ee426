/* lf-cli.c: loading a scenario for a lambdaflow-sim command */
#include "lf-cli.h"

#include <gio/gio.h>

#include "lf-error.h"

void
lf_cli_print_problems (const char *file,
                       GPtrArray  *problems,
                       gboolean    warnings_too)
{
  for (guint i = 0; problems && i < problems->len; i++)
    {
      LfProblem *p = g_ptr_array_index (problems, i);
      if (p->severity == LF_SEVERITY_WARNING && !warnings_too)
        continue;
      g_printerr ("%s: %s: %s: %s\n", file,
                  p->severity == LF_SEVERITY_ERROR ? "error" : "warning", p->path, p->message);
    }
}

LfScenario *
lf_cli_load (const char *file,
             const char *seed,
             int        *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(LfScenario) scenario = lf_scenario_load_from_file (file, NULL, &error);
  guint64 n;

  if (scenario == NULL)
    {
      /* the error says it all (file, line:column or the reason) */
      g_printerr ("lambdaflow-sim: %s\n", error->message);
      *status = g_error_matches (error, LF_ERROR, LF_ERROR_IO) || error->domain == G_FILE_ERROR ||
                error->domain == G_IO_ERROR ? LF_EXIT_IO : LF_EXIT_INVALID;
      return NULL;
    }
  if (seed)
    {
      if (!g_ascii_string_to_unsigned (seed, 10, 0, G_MAXUINT64, &n, NULL))
        {
          g_printerr ("lambdaflow-sim: --seed takes a non-negative integer, not “%s”\n", seed);
          *status = LF_EXIT_USAGE;
          return NULL;
        }
      lf_scenario_set_seed (scenario, n);
    }
  problems = lf_scenario_validate (scenario);
  lf_cli_print_problems (file, problems, TRUE);
  if (lf_problems_have_errors (problems))
    {
      *status = LF_EXIT_INVALID;
      return NULL;
    }
  *status = LF_EXIT_OK;
  return g_steal_pointer (&scenario);
}
