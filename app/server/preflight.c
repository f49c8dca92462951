#include <stdio.h>

#include "core/config.h"
#include "core/err.h"
#include "server/preflight.h"
#include "pages/langs.h"
#include "domain/password.h"

int
rb_preflight(const struct rb_config *cfg, struct rb_err *err)
{
	struct rb_langs *langs = NULL;
	struct rb_password_list *common = NULL;
	char path[4096];
	int rc;

	/* Every language: a broken translation stops the start too. */
	rc = rb_langs_load(cfg->templates, cfg->po_dir, &langs, err);
	rb_langs_free(langs);
	if (rc != RB_OK)
		return RB_INVALID;
	snprintf(path, sizeof(path), "%s/common-passwords.txt", cfg->data_dir);
	if (rb_password_list_load(path, &common, err) != RB_OK)
		return RB_INVALID;
	rb_password_list_free(common);
	return RB_OK;
}
