/* lf-error.h: the error domain of Lambda Flow's core */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LF_ERROR (lf_error_quark ())

typedef enum {
  LF_ERROR_PARSE,            /* JSON syntax; message has line:column */
  LF_ERROR_INVALID_SCENARIO, /* one or more problems; see LfProblem */
  LF_ERROR_TOO_LARGE,        /* file over 64 MiB or nested deeper than 64 */
  LF_ERROR_VERSION,          /* unknown "format" */
  LF_ERROR_INVALID_VALUE,    /* a duration, rate or --set value that does not parse */
  LF_ERROR_UNKNOWN_PATH,     /* --set names nothing */
  LF_ERROR_IO,
} LfError;

GQuark lf_error_quark (void);

G_END_DECLS
