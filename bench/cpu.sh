# shellcheck shell=bash
# Sourced by bench/run.sh and bench/writes.sh: CPU time in clock ticks
# (getconf CLK_TCK per second), read from /proc.
#
#   before=$(ticks "$server_pid"); child_ticks; client_before=$c_ticks
#   ghz ...                         # in the foreground
#   child_ticks; client=$(( c_ticks - client_before ))
#   server=$(( $(ticks "$server_pid") - before ))

# ticks PID: the CPU PID has used (utime + stime, fields 14 and 15).
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# Sets c_ticks to the CPU of this script's children that have ended and been
# waited for (cutime + cstime, fields 16 and 17): read right before and right
# after a foreground client, that client's own CPU. Read without a fork of
# its own (a command substitution's subshell would be a child counted too).
# shellcheck disable=SC2034  # c_ticks is read by the sourcing script
child_ticks() { local -a f; read -ra f < "/proc/$$/stat"; c_ticks=$(( f[15] + f[16] )); }
