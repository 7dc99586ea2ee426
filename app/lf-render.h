/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lf-render.h: `lambdaflow-sim render` (spec/cli.md) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The arguments after "render":
 *   SCENARIO --at T --output FILE.png|.svg|.pdf [--size WxH] [--seed N]
 *            [--style light|dark] [--speed S]   (the last two extend spec/cli.md)
 * Returns the exit status: 0 drawn, 1 invalid scenario, 2 usage error, 3 I/O error. */
int lf_render_main (int argc, char **argv);

G_END_DECLS
