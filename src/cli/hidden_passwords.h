// A database password given on the command line is visible to every user of the machine
// (ps, /proc/PID/cmdline) for as long as the process runs. Once the flags are read it is
// overwritten in place, and the user is told where a password belongs instead.
#pragma once

namespace icopilot::cli {

// Returns true when an argument held a password (now hidden).
bool HidePasswordsInArguments(int argc, char** argv);

}  // namespace icopilot::cli
