/*
 * The rebound binary: one table of subcommands (like redis's command
 * table). Everything but this file lives in librebound.a.
 */
#include "cli/cli.h"

int
main(int argc, char **argv)
{
	return rb_cli_main(argc, argv);
}
