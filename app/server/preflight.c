#include <stdio.h>

#include "core/config.h"
#include "core/err.h"
#include "server/preflight.h"
#include "tmpl/tmpl.h"
#include "domain/password.h"

int
rb_preflight(const struct rb_config *cfg, struct rb_err *err)
{
	struct rb_tmpl_set *set = rb_tmpl_set_new();
	struct rb_password_list *common = NULL;
	char path[4096];
	int rc;

	rc = rb_tmpl_set_load_dir(set, cfg->templates, err);
	if (rc == RB_OK)
		rc = rb_tmpl_set_check(set, err);
	rb_tmpl_set_free(set);
	if (rc != RB_OK)
		return RB_INVALID;
	snprintf(path, sizeof(path), "%s/common-passwords.txt", cfg->data_dir);
	if (rb_password_list_load(path, &common, err) != RB_OK)
		return RB_INVALID;
	rb_password_list_free(common);
	return RB_OK;
}
