# Run-time defaults for ROS 2 on this package's machines; sourced by the Makefile's targets.
# Discovery stays on this host, logs stay in the working tree, and image traffic goes through
# Fast DDS shared memory (config/fastdds_shm.xml).
_sdr_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# ROS finds this package's executables and share files in the venv it is installed into.
export AMENT_PREFIX_PATH=$_sdr_root/.venv${AMENT_PREFIX_PATH:+:$AMENT_PREFIX_PATH}
export ROS_AUTOMATIC_DISCOVERY_RANGE=${ROS_AUTOMATIC_DISCOVERY_RANGE:-LOCALHOST}
export ROS_LOG_DIR=${ROS_LOG_DIR:-$_sdr_root/log/ros}
export RMW_IMPLEMENTATION=${RMW_IMPLEMENTATION:-rmw_fastrtps_cpp}
export FASTDDS_DEFAULT_PROFILES_FILE=${FASTDDS_DEFAULT_PROFILES_FILE:-$_sdr_root/config/fastdds_shm.xml}
# A distinct domain per run keeps concurrent runs apart (tests pick theirs in 51-100, see
# scripts/run_tests.sh; everything else defaults to 1-50).
export ROS_DOMAIN_ID=${ROS_DOMAIN_ID:-$(( ($$ % 50) + 1 ))}
mkdir -p "$ROS_LOG_DIR"
unset _sdr_root
