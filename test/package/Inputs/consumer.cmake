# A deployment build outside Kiln's tree (test/package/install.test):
# find_package(Kiln) from an installed prefix, one network compiled through
# kiln_add_model from a path relative to this file, linked into a program.
cmake_minimum_required(VERSION 3.20)
project(consumer C)
find_package(Kiln 0.1 CONFIG REQUIRED)
kiln_add_model(NAME lenet5 MODEL models/lenet5.json)
add_executable(digits main.c)
target_link_libraries(digits PRIVATE kiln::lenet5)
target_compile_definitions(digits PRIVATE
  LENET5_WEIGHTS_PATH="${KILN_lenet5_WEIGHTS}")

# The same network named "digits", its weights inside the library.
kiln_add_model(NAME digits MODEL models/lenet5.json EMBED_WEIGHTS
               FLAGS --name=digits)
add_executable(embedded embedded.c)
target_link_libraries(embedded PRIVATE kiln::digits)

# With -DRESNET18_ONNX=model.onnx: torchvision's ResNet-18 exported to ONNX,
# named "resnet18" for its C API.
if(RESNET18_ONNX)
  kiln_add_model(NAME resnet18 MODEL ${RESNET18_ONNX} FLAGS --name=resnet18)
  add_executable(classify classify.c)
  target_link_libraries(classify PRIVATE kiln::resnet18)
  target_compile_definitions(classify PRIVATE
    RESNET18_WEIGHTS_PATH="${KILN_resnet18_WEIGHTS}")
endif()
