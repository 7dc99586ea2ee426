/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lf-render-cli: `lambdaflow-sim render` on its own, so that the painter suite can test
 * the command (exit codes, formats, atomic writes) before it is wired into the CLI. */

#include <locale.h>

#include "lf-render.h"

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  return lf_render_main (argc - 1, argv + 1);
}
