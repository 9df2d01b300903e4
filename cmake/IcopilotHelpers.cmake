# One helper per target kind, so every target gets the same warnings and include root.

set(ICOPILOT_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Wcast-align -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # GCC 12 draws false positives on coroutine frames (see docs/decisions/0002).
  list(APPEND ICOPILOT_WARNINGS -Wno-maybe-uninitialized -Wno-null-dereference)
endif()
if(ICOPILOT_WERROR)
  list(APPEND ICOPILOT_WARNINGS -Werror)
endif()

# icopilot_library(NAME SRCS a.cc b.cc DEPS x y)
function(icopilot_library name)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SRCS})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_compile_options(${name} PRIVATE ${ICOPILOT_WARNINGS})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
endfunction()

# icopilot_test(NAME SRCS a_test.cc DEPS lib): one gtest binary per module.
function(icopilot_test name)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SRCS})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/tests)
  target_compile_options(${name} PRIVATE ${ICOPILOT_WARNINGS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 300)
endfunction()
