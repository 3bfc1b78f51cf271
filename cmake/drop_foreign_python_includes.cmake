# Work-around for the ROS 2 PyPI wheels only (passed with -DCMAKE_PROJECT_INCLUDE=..., never
# needed on a standard ROS 2 installation): several *__rosidl_generator_pyExport.cmake files in
# the wheels carry the include path of the image they were built in (/opt/python/...), and the
# interface generation then fails on a non-existent path. At the end of the top-level directory,
# remove such include directories from every imported target.
function(_subtle_diff_drop_foreign_includes)
  get_property(_targets DIRECTORY "${CMAKE_SOURCE_DIR}" PROPERTY IMPORTED_TARGETS)
  foreach(_target IN LISTS _targets)
    get_target_property(_dirs ${_target} INTERFACE_INCLUDE_DIRECTORIES)
    if(_dirs)
      list(FILTER _dirs EXCLUDE REGEX "^/opt/python/")
      set_target_properties(${_target} PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${_dirs}")
    endif()
  endforeach()
endfunction()
cmake_language(DEFER DIRECTORY "${CMAKE_SOURCE_DIR}" CALL _subtle_diff_drop_foreign_includes)
