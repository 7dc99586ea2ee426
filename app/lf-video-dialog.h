/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lf-video-dialog.h: Export Video — size (1280×720, 1920×1080, 854×480 or custom), frame
 * rate (24, 30, 60), format (WebM/VP8 or a PNG frame sequence in a folder) and where to;
 * Export hands the settings to lf_window_export_video_settings_async (the same
 * LfVideoSettings the CLI's --size, --fps and --frames fill), whose progress dialog has
 * the Cancel. */
#pragma once

#include <adwaita.h>

#include "lf-video.h"
#include "lf-window.h"

G_BEGIN_DECLS

#define LF_TYPE_VIDEO_DIALOG (lf_video_dialog_get_type ())
G_DECLARE_FINAL_TYPE (LfVideoDialog, lf_video_dialog, LF, VIDEO_DIALOG, AdwWindow)

typedef enum {
  LF_VIDEO_SIZE_HD,        /* 1280 × 720 */
  LF_VIDEO_SIZE_FULL_HD,   /* 1920 × 1080 */
  LF_VIDEO_SIZE_SD,        /* 854 × 480 */
  LF_VIDEO_SIZE_CUSTOM,
} LfVideoSize;

typedef enum {
  LF_VIDEO_FORMAT_WEBM,
  LF_VIDEO_FORMAT_FRAMES,
} LfVideoFormat;

LfVideoDialog *lf_video_dialog_new        (LfWindow      *window);
void           lf_video_dialog_set_size   (LfVideoDialog *self,
                                           LfVideoSize    size,
                                           int            custom_width,
                                           int            custom_height);
void           lf_video_dialog_set_fps    (LfVideoDialog *self,
                                           int            fps);      /* 24, 30 or 60 */
void           lf_video_dialog_set_format (LfVideoDialog *self,
                                           LfVideoFormat  format);
/* The .webm file, or the folder for the frames. */
void           lf_video_dialog_set_file   (LfVideoDialog *self,
                                           GFile         *file);
GFile         *lf_video_dialog_get_file   (LfVideoDialog *self);
/* The settings as chosen (output or frames_dir point into the dialog; style unset). */
void           lf_video_dialog_get_settings (LfVideoDialog   *self,
                                             LfVideoSettings *settings);

G_END_DECLS
