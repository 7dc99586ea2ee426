/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LF_TYPE_APPLICATION (lf_application_get_type ())

G_DECLARE_FINAL_TYPE (LfApplication, lf_application, LF, APPLICATION, AdwApplication)

LfApplication *lf_application_new (const char        *application_id,
                                   GApplicationFlags  flags);

/* Where the bundled data is: DATADIR/lambdaflow/SUBDIR when installed, the source tree's
 * data/SUBDIR for a program run from its build directory. */
char          *lf_application_dup_data_dir (const char *subdir);

G_END_DECLS
