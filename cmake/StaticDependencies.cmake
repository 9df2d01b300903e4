# ICOPILOT_STATIC_DEPS: the small libraries (abseil's 34, Boost.JSON and Boost.URL, RE2,
# libfyaml, SQLite) linked from Debian's static archives instead of as shared objects.
# The process then maps 11 shared objects instead of 45 at every start, which is most of
# what a short command such as `icopilot spec inspect` spends outside its own work
# (docs/decisions/0007-static-small-libraries.md). Included after the find_package calls;
# Boost picks its static variant from Boost_USE_STATIC_LIBS, set before them.

set(_archive_dir /usr/lib/x86_64-linux-gnu)

# Abseil's CMake package names only its shared objects; each has its archive beside it.
get_property(_imported DIRECTORY PROPERTY IMPORTED_TARGETS)
foreach(_target IN LISTS _imported)
  if(NOT _target MATCHES "^absl::")
    continue()
  endif()
  get_target_property(_location ${_target} IMPORTED_LOCATION_NONE)
  if(_location MATCHES "\\.so[.0-9]*$")
    string(REGEX REPLACE "\\.so[.0-9]*$" ".a" _archive "${_location}")
    if(EXISTS "${_archive}")
      set_target_properties(${_target} PROPERTIES IMPORTED_LOCATION_NONE "${_archive}")
    endif()
  endif()
endforeach()

# pkg-config's targets, with what `pkg-config --static --libs` adds.
function(icopilot_use_archive target archive)
  if(NOT EXISTS "${_archive_dir}/${archive}")
    message(FATAL_ERROR "ICOPILOT_STATIC_DEPS: ${_archive_dir}/${archive} is missing")
  endif()
  set_property(TARGET ${target} PROPERTY INTERFACE_LINK_LIBRARIES "${_archive_dir}/${archive};${ARGN}")
endfunction()
icopilot_use_archive(PkgConfig::RE2 libre2.a Threads::Threads)
icopilot_use_archive(PkgConfig::FYAML libfyaml.a)
set_property(TARGET SQLite::SQLite3 PROPERTY IMPORTED_LOCATION "${_archive_dir}/libsqlite3.a")
set_property(TARGET SQLite::SQLite3 APPEND PROPERTY INTERFACE_LINK_LIBRARIES m z Threads::Threads)
