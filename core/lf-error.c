#include "lf-error.h"

G_DEFINE_QUARK (lf-error-quark, lf_error)
