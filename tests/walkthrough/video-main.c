/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lf-video-tool: `lambdaflow-sim video` on its own (the arguments after "video"), so that
 * the video tests do not depend on the CLI's dispatcher. */
#include <locale.h>

#include "lf-video.h"

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  return lf_video_main (argc - 1, argv + 1);
}
