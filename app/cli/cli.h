/*
 * The command line: `rebound <command> [options]`. A table drives dispatch
 * and help, so a new command is one row and one function.
 */
#ifndef RB_CLI_CLI_H
#define RB_CLI_CLI_H

/* Runs the command named in argv[1]; returns the process exit code. */
int rb_cli_main(int argc, char **argv);

#endif
