/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lf-painter"

#include "lf-painter-private.h"

/* Colours are the GNOME HIG palette (blue 3, green 4, yellow 3, orange 3, red 3,
 * purple 3, light/dark greys) as Adwaita 1.2 uses them; dark variants lighten. */

#define RGB(hex) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, 1.0 }
#define RGBA(hex, alpha) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, (alpha) }

static void
lf_palette_families (LfPalette *p)
{
  const LfColor blue = RGB (0x3584e4), slate = RGB (0x77767b), orange = RGB (0xe66100);
  const LfColor purple = RGB (0x9141ac), green = RGB (0x26a269);

  p->family[LF_NODE_UNKNOWN] = slate;
  p->family[LF_NODE_CLIENT] = slate;
  p->family[LF_NODE_API_GATEWAY] = blue;
  p->family[LF_NODE_ALB] = blue;
  p->family[LF_NODE_S3_BUCKET] = green;
  p->family[LF_NODE_SNS_TOPIC] = purple;
  p->family[LF_NODE_EVENTBRIDGE_BUS] = purple;
  p->family[LF_NODE_KINESIS_STREAM] = green;
  p->family[LF_NODE_DYNAMODB_TABLE] = green;
  p->family[LF_NODE_SQS_QUEUE] = purple;
  p->family[LF_NODE_LAMBDA_FUNCTION] = orange;
}

static void
lf_palette_edges (LfPalette *p,
                  gboolean   dark)
{
  const LfEdgeStyle sync = { dark ? (LfColor) RGB (0xc0bfbc) : (LfColor) RGB (0x5e5c64), 2.0, LF_DASH_SOLID };
  const LfEdgeStyle async = { dark ? (LfColor) RGB (0x78aeed) : (LfColor) RGB (0x1c71d8), 2.0, LF_DASH_DASHED };
  const LfEdgeStyle esm = { dark ? (LfColor) RGB (0xdc8add) : (LfColor) RGB (0x813d9c), 2.0, LF_DASH_SOLID };

  p->edge[LF_EDGE_UNKNOWN] = sync;
  p->edge[LF_EDGE_INVOKE] = sync;
  p->edge[LF_EDGE_INTEGRATION] = sync;
  p->edge[LF_EDGE_NOTIFICATION] = async;
  p->edge[LF_EDGE_SUBSCRIPTION] = async;
  p->edge[LF_EDGE_RULE] = async;
  p->edge[LF_EDGE_EVENT_SOURCE_MAPPING] = esm;
  p->edge[LF_EDGE_DLQ] = (LfEdgeStyle) { dark ? (LfColor) RGB (0xff7b63) : (LfColor) RGB (0xe01b24), 2.0, LF_DASH_SOLID };
  p->edge[LF_EDGE_ON_SUCCESS] = (LfEdgeStyle) { dark ? (LfColor) RGB (0x8ff0a4) : (LfColor) RGB (0x26a269), 2.0, LF_DASH_SOLID };
  p->edge[LF_EDGE_ON_FAILURE] = (LfEdgeStyle) { dark ? (LfColor) RGB (0xffa348) : (LfColor) RGB (0xe66100), 2.0, LF_DASH_SOLID };
  p->edge[LF_EDGE_REDRIVE] = (LfEdgeStyle) { dark ? (LfColor) RGB (0xf66151) : (LfColor) RGB (0xa51d2d), 2.25, LF_DASH_DOTTED };
  p->edge[LF_EDGE_SENDS] = (LfEdgeStyle) { dark ? (LfColor) RGB (0x77767b) : (LfColor) RGB (0x9a9996), 1.25, LF_DASH_SOLID };
}

static void
lf_palette_live (LfPalette *p,
                 gboolean   dark)
{
  p->token[LF_TOKEN_NORMAL] = dark ? (LfColor) RGB (0x62a0ea) : (LfColor) RGB (0x3584e4);
  p->token[LF_TOKEN_RETRY] = (LfColor) RGB (0xf5c211);
  p->token[LF_TOKEN_FAILURE] = (LfColor) RGB (0xff7800);
  p->token[LF_TOKEN_DLQ] = dark ? (LfColor) RGB (0xf66151) : (LfColor) RGB (0xe01b24);
  p->token[LF_TOKEN_DESTINATION] = dark ? (LfColor) RGB (0x57e389) : (LfColor) RGB (0x2ec27e);
  p->token[LF_TOKEN_THROTTLED] = dark ? (LfColor) RGB (0xc061cb) : (LfColor) RGB (0x9141ac);
  p->token_ring = dark ? (LfColor) RGB (0x1e1e1e) : (LfColor) RGB (0xffffff);

  p->badge[LF_BADGE_INVOCATIONS] = dark ? (LfColor) RGB (0x4a4a4e) : (LfColor) RGB (0xdeddda);
  p->badge_text[LF_BADGE_INVOCATIONS] = dark ? (LfColor) RGB (0xffffff) : (LfColor) RGBA (0x000000, 0.8);
  p->badge[LF_BADGE_ERRORS] = dark ? (LfColor) RGB (0xc01c28) : (LfColor) RGB (0xe01b24);
  p->badge[LF_BADGE_THROTTLES] = dark ? (LfColor) RGB (0xc64600) : (LfColor) RGB (0xe66100);
  p->badge[LF_BADGE_DEPTH] = dark ? (LfColor) RGB (0x813d9c) : (LfColor) RGB (0x9141ac);
  for (int b = LF_BADGE_ERRORS; b < LF_N_BADGES; b++)
    p->badge_text[b] = (LfColor) RGB (0xffffff);

  p->cell = dark ? (LfColor) RGB (0xc061cb) : (LfColor) RGB (0x9141ac);
  p->cell_in_flight = dark ? (LfColor) RGBA (0xc061cb, 0.35) : (LfColor) RGBA (0x9141ac, 0.3);
  p->slot_busy = dark ? (LfColor) RGB (0xffa348) : (LfColor) RGB (0xff7800);
  p->slot_idle = dark ? (LfColor) RGBA (0xffffff, 0.14) : (LfColor) RGBA (0x000000, 0.1);
  p->error = dark ? (LfColor) RGB (0xff7b63) : (LfColor) RGB (0xe01b24);
  p->warning = dark ? (LfColor) RGB (0xffa348) : (LfColor) RGB (0xe66100);
  p->retry = dark ? (LfColor) RGB (0xf8e45c) : (LfColor) RGB (0xe5a50a);
  p->slot_cold = dark ? (LfColor) RGB (0x99c1f1) : (LfColor) RGB (0x62a0ea);
  p->record_done = dark ? (LfColor) RGBA (0x57e389, 0.25) : (LfColor) RGBA (0x26a269, 0.25);
  p->batch = dark ? (LfColor) RGB (0x62a0ea) : (LfColor) RGB (0x1c71d8);
  p->tray = dark ? (LfColor) RGB (0x292929) : (LfColor) RGB (0xfafafa);
  p->selection = dark ? (LfColor) RGB (0xffffff) : (LfColor) RGBA (0x000000, 0.85);
}

void
_lf_palette_init (LfPalette      *p,
                  LfPainterStyle  style)
{
  gboolean dark = style == LF_PAINTER_STYLE_DARK;

  if (dark)
    {
      p->background = (LfColor) RGB (0x1e1e1e);
      p->grid = (LfColor) RGBA (0xffffff, 0.07);
      p->card = (LfColor) RGB (0x303030);
      p->card_border = (LfColor) RGBA (0xffffff, 0.1);
      p->shadow = (LfColor) RGBA (0x000000, 0.36);
      p->text = (LfColor) RGB (0xffffff);
      p->text_dim = (LfColor) RGBA (0xffffff, 0.55);
    }
  else
    {
      p->background = (LfColor) RGB (0xf6f5f4);
      p->grid = (LfColor) RGBA (0x000000, 0.07);
      p->card = (LfColor) RGB (0xffffff);
      p->card_border = (LfColor) RGBA (0x000000, 0.11);
      p->shadow = (LfColor) RGBA (0x000000, 0.07);
      p->text = (LfColor) RGBA (0x000000, 0.8);
      p->text_dim = (LfColor) RGBA (0x000000, 0.55);
    }
  p->on_color = (LfColor) RGB (0xffffff);
  lf_palette_families (p);
  lf_palette_edges (p, dark);
  lf_palette_live (p, dark);
}

const char *
_lf_node_type_title (LfNodeType type)
{
  switch (type)
    {
    case LF_NODE_CLIENT:           return "Client";
    case LF_NODE_API_GATEWAY:      return "API Gateway";
    case LF_NODE_ALB:              return "Load balancer";
    case LF_NODE_S3_BUCKET:        return "S3 bucket";
    case LF_NODE_SNS_TOPIC:        return "SNS topic";
    case LF_NODE_EVENTBRIDGE_BUS:  return "EventBridge bus";
    case LF_NODE_KINESIS_STREAM:   return "Kinesis stream";
    case LF_NODE_DYNAMODB_TABLE:   return "DynamoDB table";
    case LF_NODE_SQS_QUEUE:        return "SQS queue";
    case LF_NODE_LAMBDA_FUNCTION:  return "Lambda function";
    case LF_NODE_UNKNOWN:
    case LF_N_NODE_TYPES:
    default:                       return "Node";
    }
}

/* The type, with the one setting that changes how the node behaves. */
char *
_lf_node_subtitle (const LfNode *node)
{
  JsonObject *p = node->props;
  gint64 n;

  switch (node->type)
    {
    case LF_NODE_SQS_QUEUE:
      return g_strdup (lf_props_get_bool (p, "fifo", FALSE) ? "SQS FIFO queue" : "SQS queue");
    case LF_NODE_SNS_TOPIC:
      return g_strdup (lf_props_get_bool (p, "fifo", FALSE) ? "SNS FIFO topic" : "SNS topic");
    case LF_NODE_API_GATEWAY:
      return g_strdup (g_strcmp0 (lf_props_get_string (p, "api_type", "rest"), "http") == 0
                       ? "HTTP API" : "REST API");
    case LF_NODE_KINESIS_STREAM:
      n = lf_props_get_int (p, "shards", 1);
      return g_strdup_printf ("Kinesis · %" G_GINT64_FORMAT " shard%s", n, n == 1 ? "" : "s");
    case LF_NODE_DYNAMODB_TABLE:
      n = lf_props_get_int (p, "stream_shards", 1);
      return n == 1 ? g_strdup ("DynamoDB table")
                    : g_strdup_printf ("Table · %" G_GINT64_FORMAT " shards", n);
    case LF_NODE_LAMBDA_FUNCTION:
      if (lf_props_has (p, "reserved_concurrency"))
        return g_strdup_printf ("Lambda · %" G_GINT64_FORMAT " reserved",
                                lf_props_get_int (p, "reserved_concurrency", 0));
      return g_strdup ("Lambda function");
    case LF_NODE_UNKNOWN:
    case LF_NODE_CLIENT:
    case LF_NODE_ALB:
    case LF_NODE_S3_BUCKET:
    case LF_NODE_EVENTBRIDGE_BUS:
    case LF_N_NODE_TYPES:
    default:
      return g_strdup (_lf_node_type_title (node->type));
    }
}
