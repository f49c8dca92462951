#ifndef RB_SERVER_PREFLIGHT_H
#define RB_SERVER_PREFLIGHT_H

struct rb_config;
struct rb_err;

/*
 * Checks what a worker loads at start besides the configuration: every
 * template (syntax, partials, parents) in every language, the
 * translations, and the data files. RB_OK, or
 * RB_INVALID with err naming the file and line.
 */
int rb_preflight(const struct rb_config *cfg, struct rb_err *err);

#endif
