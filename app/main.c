/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lambdaflow"

#include <glib/gi18n.h>

#include "lf-application.h"

/* g_settings_new() aborts when the schema is missing, which is what happens when
 * the program is started from a build directory without GSETTINGS_SCHEMA_DIR. Say
 * what to do instead. */
static gboolean
lf_schema_is_available (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, LF_APP_ID, TRUE);

  return schema != NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(LfApplication) app = NULL;

  if (!lf_schema_is_available ())
    {
      g_printerr (_("lambdaflow: the GSettings schema %s is not installed.\n"
                    "From a build directory, run\n"
                    "  GSETTINGS_SCHEMA_DIR=BUILDDIR/data BUILDDIR/app/lambdaflow [FILE]\n"
                    "or\n"
                    "  meson devenv -C BUILDDIR lambdaflow [FILE]\n"),
                  LF_APP_ID);
      return 1;
    }

  app = lf_application_new (LF_APP_ID, G_APPLICATION_DEFAULT_FLAGS);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
