// A thin main: everything else is a library the tests link.
#include "cli/run.h"

int main(int argc, char** argv) { return icopilot::cli::Run(argc, argv); }
