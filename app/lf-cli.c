/* lf-cli.c: loading a scenario for a lambdaflow-sim command */
#include "lf-cli.h"

#include <string.h>

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

static const char **
option_value (const LfCliOption *options, const char *name)
{
  for (guint i = 0; options[i].name; i++)
    if (g_str_equal (name, options[i].name) || g_strcmp0 (name, options[i].alias) == 0)
      return options[i].value;
  return NULL;
}

gboolean
lf_cli_parse (int                argc,
              char             **argv,
              const LfCliOption *options,
              const char       **file,
              char             **message)
{
  for (int i = 0; i < argc; i++)
    {
      const char *a = argv[i], *eq = strchr (a, '=');
      g_autofree char *name = NULL;
      const char **value;

      if (a[0] != '-' || g_str_equal (a, "-"))
        {
          if (*file != NULL)
            {
              *message = g_strdup_printf ("one scenario at a time, not “%s” and “%s”", *file, a);
              return FALSE;
            }
          *file = a;
          continue;
        }
      name = a[1] == '-' && eq ? g_strndup (a, (gsize) (eq - a)) : g_strdup (a);
      if ((value = option_value (options, name)) == NULL)
        {
          *message = g_strdup_printf ("unknown option “%s”", a);
          return FALSE;
        }
      if (a[1] == '-' && eq)
        *value = eq + 1;
      else if (i + 1 < argc)
        *value = argv[++i];
      else
        {
          *message = g_strdup_printf ("%s needs a value", name);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
lf_cli_parse_size (const char *text,
                   int         min,
                   int         max,
                   int        *width,
                   int        *height)
{
  g_auto(GStrv) parts = g_strsplit_set (text, "xX", 2);
  guint64 a, b;

  if (g_strv_length (parts) != 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, (guint64) min, (guint64) max, &a, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, (guint64) min, (guint64) max, &b, NULL))
    return FALSE;
  *width = (int) a;
  *height = (int) b;
  return TRUE;
}
