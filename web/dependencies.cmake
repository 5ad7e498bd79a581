# The dependencies of the WebAssembly build (GRADER_WEB), set up by ci/web:
#  - fmt and yaml-cpp, compiled from their Debian sources with emcmake into a prefix
#    (CMAKE_PREFIX_PATH). Emscripten's toolchain searches packages inside its sysroot only,
#    hence the explicit <package>_DIR;
#  - Eigen, Boost's header-only libraries (Multiprecision) and nlohmann-json, header-only,
#    from Debian's /usr/include seen through GRADER_WEB_INCLUDE, a folder of links to them:
#    /usr/include itself on the include path would put glibc's headers before Emscripten's.
if(NOT EMSCRIPTEN)
  message(FATAL_ERROR "GRADER_WEB needs Emscripten's toolchain: run ci/web")
endif()
set(GRADER_WEB_INCLUDE "" CACHE PATH "Links to eigen3/, boost/ and nlohmann/ (ci/web)")
if(NOT IS_DIRECTORY "${GRADER_WEB_INCLUDE}/boost")
  message(FATAL_ERROR "GRADER_WEB_INCLUDE must hold boost/, eigen3/ and nlohmann/: run ci/web")
endif()
find_package(fmt REQUIRED PATHS ${CMAKE_PREFIX_PATH} NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH)
find_package(yaml-cpp REQUIRED PATHS ${CMAKE_PREFIX_PATH} NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH)

function(grader_web_headers target folder)
  add_library(${target} INTERFACE IMPORTED)
  target_include_directories(${target} SYSTEM INTERFACE "${folder}")
endfunction()
grader_web_headers(Eigen3::Eigen "${GRADER_WEB_INCLUDE}/eigen3")
grader_web_headers(Boost::headers "${GRADER_WEB_INCLUDE}")
grader_web_headers(nlohmann_json::nlohmann_json "${GRADER_WEB_INCLUDE}")
