/* Generated from schemas/ by scripts/gen.mjs (npm run gen). Do not edit. */
// @ts-nocheck
import fastDeepEqual from 'fast-deep-equal';
function ucs2length(text) { let length = 0; for (const _ of text) length++; return length; }

export const project = validate20;
const schema31 = {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://weft.dev/schemas/v1/project.schema.json","title":"Project","description":"The project file, weft.yaml at the project's root.","type":"object","properties":{"apiVersion":{"$ref":"defs.schema.json#/$defs/apiVersion"},"kind":{"description":"Always 'Project'.","const":"Project"},"metadata":{"$ref":"defs.schema.json#/$defs/metadata"},"spec":{"title":"ProjectSpec","description":"Project-wide settings.","type":"object","properties":{"exclude":{"description":"Globs, relative to the project root, of YAML files that are not weft resources (for example fixtures/**).","type":"array","items":{"type":"string","minLength":1}},"egress":{"title":"EgressPolicy","description":"Where the engine's HTTP requests may go, checked on the address each connection is made to. Link-local addresses and cloud metadata addresses are refused unless allowed here by address; the engine's own listen address is always refused.","type":"object","properties":{"allow":{"description":"When given, the only destinations: host names (api.example.com), every subdomain of one (*.example.com), IP addresses and CIDR ranges (10.0.0.0/8).","type":"array","items":{"type":"string","minLength":1}},"deny":{"description":"Destinations refused, in the same forms; a deny wins over an allow.","type":"array","items":{"type":"string","minLength":1}}},"additionalProperties":false},"testing":{"title":"TestingSettings","description":"What weft validate says about the project's tests (documents of kind Test, run by weft test).","type":"object","properties":{"warnUntestedFlows":{"description":"Warn (untested-flow) for every flow that no test runs.","type":"boolean","default":false}},"additionalProperties":false},"engine":{"$ref":"#/$defs/engineTarget","description":"The engine that plan and apply reconcile into, for a project without environments. Default: the embedded local engine in .weft/."},"variables":{"description":"Project variables, by name: non-secret values that ${var:name} placeholders take at compile time, per environment.","type":"object","propertyNames":{"pattern":"^[A-Za-z_][A-Za-z0-9_]*$"},"additionalProperties":{"title":"VariableDeclaration","description":"A variable's type, and the value it takes where an environment gives none.","type":"object","properties":{"type":{"description":"The type every value of the variable must have.","enum":["string","number","integer","boolean"]},"default":{"$ref":"#/$defs/variableValue","description":"The value when the environment gives none. Without a default, every environment that uses the variable must give a value."},"description":{"description":"What the variable is for.","type":"string"}},"required":["type"],"additionalProperties":false}},"environments":{"description":"The environments the project deploys to, by name (for example staging, production); each has its own engine and variable values. Commands take --env <name>.","type":"object","propertyNames":{"pattern":"^[a-z][a-z0-9-]{0,62}$"},"additionalProperties":{"title":"Environment","description":"One environment: the engine it reconciles into and the values of the project's variables there.","type":"object","properties":{"description":{"description":"What the environment is for.","type":"string"},"engine":{"$ref":"#/$defs/engineTarget","description":"The environment's remote engine. Default: an embedded local engine of its own, in .weft/env/<name>/."},"values":{"description":"The values of the project's variables in this environment, by name.","type":"object","propertyNames":{"pattern":"^[A-Za-z_][A-Za-z0-9_]*$"},"additionalProperties":{"$ref":"#/$defs/variableValue"}},"overlay":{"$ref":"#/$defs/projectFolder","description":"The folder of the environment's overlay files, relative to the project root (default environments/<name>/). Its files are not read as resources of the project."}},"additionalProperties":false}},"defaultEnvironment":{"$ref":"defs.schema.json#/$defs/name","description":"The environment commands use without --env. Default: the only environment, when there is one; with several, commands need --env."}},"additionalProperties":false}},"required":["apiVersion","kind","metadata"],"additionalProperties":false,"$defs":{"engineTarget":{"title":"EngineTarget","description":"A remote engine (started with 'weft engine start') and its admin token.","type":"object","properties":{"url":{"description":"Base URL of a remote engine started with 'weft engine start'.","type":"string","pattern":"^https?://"},"token":{"$ref":"defs.schema.json#/$defs/placeholder","description":"Bearer token for the engine's admin API, as a placeholder such as ${env:WEFT_ENGINE_TOKEN}."}},"required":["url"],"additionalProperties":false},"variableValue":{"title":"VariableValue","description":"A variable's value: a string, a number or a boolean, of the variable's declared type.","type":["string","number","boolean"]},"projectFolder":{"title":"ProjectFolder","description":"A folder inside the project, relative to its root, '/'-separated, without '.' or '..' segments.","type":"string","pattern":"^(?!/)(?!.*(?:^|/)\\.{1,2}(?:/|$))[^\\\\]+$"}}};
const schema33 = {"description":"The weft file format version. Always 'weft/v1'.","const":"weft/v1"};
const schema39 = {"title":"VariableValue","description":"A variable's value: a string, a number or a boolean, of the variable's declared type.","type":["string","number","boolean"]};
const schema41 = {"title":"ProjectFolder","description":"A folder inside the project, relative to its root, '/'-separated, without '.' or '..' segments.","type":"string","pattern":"^(?!/)(?!.*(?:^|/)\\.{1,2}(?:/|$))[^\\\\]+$"};
const schema35 = {"title":"ResourceName","description":"A resource name: lowercase letters, digits and '-', starting with a letter, at most 63 characters.","type":"string","pattern":"^[a-z][a-z0-9-]{0,62}$"};
const schema34 = {"title":"Metadata","description":"Identity of a resource.","type":"object","properties":{"name":{"$ref":"#/$defs/name","description":"The resource's name, unique per kind."},"description":{"description":"Free text shown in plans and graphs.","type":"string"},"labels":{"description":"String labels for grouping and filtering (for example team: ecommerce).","type":"object","propertyNames":{"pattern":"^[A-Za-z0-9][A-Za-z0-9._/-]{0,62}$"},"additionalProperties":{"type":"string"}},"previousNames":{"description":"Names this resource had before: plan and apply treat it as a rename, keeping its identity and history.","type":"array","items":{"$ref":"#/$defs/name","type":"string"},"uniqueItems":true}},"required":["name"],"additionalProperties":false};
const pattern4 = new RegExp("^[a-z][a-z0-9-]{0,62}$", "u");
const pattern5 = new RegExp("^[A-Za-z0-9][A-Za-z0-9._/-]{0,62}$", "u");

function validate22(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate22.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.name === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema34.required,parentSchema:schema34,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "name") || (key0 === "description")) || (key0 === "labels")) || (key0 === "previousNames"))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema34,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.name !== undefined){
let data0 = data.name;
if(typeof data0 === "string"){
if(!pattern4.test(data0)){
const err2 = {instancePath:instancePath+"/name",schemaPath:"#/$defs/name/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,62}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,62}$"+"\"",schema:"^[a-z][a-z0-9-]{0,62}$",parentSchema:schema35,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
else {
const err3 = {instancePath:instancePath+"/name",schemaPath:"#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.type,parentSchema:schema35,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.description !== undefined){
let data1 = data.description;
if(typeof data1 !== "string"){
const err4 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema34.properties.description.type,parentSchema:schema34.properties.description,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.labels !== undefined){
let data2 = data.labels;
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
for(const key1 in data2){
const _errs9 = errors;
if(typeof key1 === "string"){
if(!pattern5.test(key1)){
const err5 = {instancePath:instancePath+"/labels",schemaPath:"#/properties/labels/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._/-]{0,62}$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._/-]{0,62}$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9._/-]{0,62}$",parentSchema:schema34.properties.labels.propertyNames,data:key1,propertyName:key1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
var valid2 = _errs9 === errors;
if(!valid2){
const err6 = {instancePath:instancePath+"/labels",schemaPath:"#/properties/labels/propertyNames",keyword:"propertyNames",params:{propertyName: key1},message:"property name must be valid",schema:schema34.properties.labels.propertyNames,parentSchema:schema34.properties.labels,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
for(const key2 in data2){
let data3 = data2[key2];
if(typeof data3 !== "string"){
const err7 = {instancePath:instancePath+"/labels/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/labels/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema34.properties.labels.additionalProperties.type,parentSchema:schema34.properties.labels.additionalProperties,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
}
else {
const err8 = {instancePath:instancePath+"/labels",schemaPath:"#/properties/labels/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema34.properties.labels.type,parentSchema:schema34.properties.labels,data:data2};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.previousNames !== undefined){
let data4 = data.previousNames;
if(Array.isArray(data4)){
const len0 = data4.length;
for(let i0=0; i0<len0; i0++){
let data5 = data4[i0];
if(typeof data5 !== "string"){
const err9 = {instancePath:instancePath+"/previousNames/" + i0,schemaPath:"#/properties/previousNames/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema34.properties.previousNames.items.type,parentSchema:schema34.properties.previousNames.items,data:data5};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if(typeof data5 === "string"){
if(!pattern4.test(data5)){
const err10 = {instancePath:instancePath+"/previousNames/" + i0,schemaPath:"#/$defs/name/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,62}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,62}$"+"\"",schema:"^[a-z][a-z0-9-]{0,62}$",parentSchema:schema35,data:data5};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
else {
const err11 = {instancePath:instancePath+"/previousNames/" + i0,schemaPath:"#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.type,parentSchema:schema35,data:data5};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
let i1 = data4.length;
let j0;
if(i1 > 1){
const indices0 = {};
for(;i1--;){
let item0 = data4[i1];
if(typeof item0 !== "string"){
continue;
}
if(typeof indices0[item0] == "number"){
j0 = indices0[item0];
const err12 = {instancePath:instancePath+"/previousNames",schemaPath:"#/properties/previousNames/uniqueItems",keyword:"uniqueItems",params:{i: i1, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i1+" are identical)",schema:true,parentSchema:schema34.properties.previousNames,data:data4};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
break;
}
indices0[item0] = i1;
}
}
}
else {
const err13 = {instancePath:instancePath+"/previousNames",schemaPath:"#/properties/previousNames/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema34.properties.previousNames.type,parentSchema:schema34.properties.previousNames,data:data4};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
}
else {
const err14 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema34.type,parentSchema:schema34,data};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
validate22.errors = vErrors;
return errors === 0;
}
validate22.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

const schema37 = {"title":"EngineTarget","description":"A remote engine (started with 'weft engine start') and its admin token.","type":"object","properties":{"url":{"description":"Base URL of a remote engine started with 'weft engine start'.","type":"string","pattern":"^https?://"},"token":{"$ref":"defs.schema.json#/$defs/placeholder","description":"Bearer token for the engine's admin API, as a placeholder such as ${env:WEFT_ENGINE_TOKEN}."}},"required":["url"],"additionalProperties":false};
const schema38 = {"title":"Placeholder","description":"Exactly one placeholder resolved by the engine at run time: ${secret:path/segments} or ${env:NAME}.","type":"string"};
const pattern7 = new RegExp("^https?://", "u");

function validate24(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate24.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.url === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "url"},message:"must have required property '"+"url"+"'",schema:schema37.required,parentSchema:schema37,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!((key0 === "url") || (key0 === "token"))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema37,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.url !== undefined){
let data0 = data.url;
if(typeof data0 === "string"){
if(!pattern7.test(data0)){
const err2 = {instancePath:instancePath+"/url",schemaPath:"#/properties/url/pattern",keyword:"pattern",params:{pattern: "^https?://"},message:"must match pattern \""+"^https?://"+"\"",schema:"^https?://",parentSchema:schema37.properties.url,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
else {
const err3 = {instancePath:instancePath+"/url",schemaPath:"#/properties/url/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema37.properties.url.type,parentSchema:schema37.properties.url,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.token !== undefined){
let data1 = data.token;
if(typeof data1 !== "string"){
const err4 = {instancePath:instancePath+"/token",schemaPath:"defs.schema.json#/$defs/placeholder/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema38.type,parentSchema:schema38,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
}
else {
const err5 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema37.type,parentSchema:schema37,data};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
validate24.errors = vErrors;
return errors === 0;
}
validate24.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

const func1 = ucs2length;
const pattern8 = new RegExp("^[A-Za-z_][A-Za-z0-9_]*$", "u");
const pattern11 = new RegExp("^(?!/)(?!.*(?:^|/)\\.{1,2}(?:/|$))[^\\\\]+$", "u");

function validate20(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
/*# sourceURL="https://weft.dev/schemas/v1/project.schema.json" */;
let vErrors = null;
let errors = 0;
const evaluated0 = validate20.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.apiVersion === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "apiVersion"},message:"must have required property '"+"apiVersion"+"'",schema:schema31.required,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.kind === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'",schema:schema31.required,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.metadata === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "metadata"},message:"must have required property '"+"metadata"+"'",schema:schema31.required,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "apiVersion") || (key0 === "kind")) || (key0 === "metadata")) || (key0 === "spec"))){
const err3 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.apiVersion !== undefined){
let data0 = data.apiVersion;
if("weft/v1" !== data0){
const err4 = {instancePath:instancePath+"/apiVersion",schemaPath:"defs.schema.json#/$defs/apiVersion/const",keyword:"const",params:{allowedValue: "weft/v1"},message:"must be equal to constant",schema:"weft/v1",parentSchema:schema33,data:data0};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.kind !== undefined){
let data1 = data.kind;
if("Project" !== data1){
const err5 = {instancePath:instancePath+"/kind",schemaPath:"#/properties/kind/const",keyword:"const",params:{allowedValue: "Project"},message:"must be equal to constant",schema:"Project",parentSchema:schema31.properties.kind,data:data1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.metadata !== undefined){
if(!(validate22(data.metadata, {instancePath:instancePath+"/metadata",parentData:data,parentDataProperty:"metadata",rootData,dynamicAnchors}))){
{ if (vErrors === null) vErrors = validate22.errors.slice(); else for (const error of validate22.errors) vErrors.push(error); };
errors = vErrors.length;
}
}
if(data.spec !== undefined){
let data3 = data.spec;
if(data3 && typeof data3 == "object" && !Array.isArray(data3)){
for(const key1 in data3){
if(!(((((((key1 === "exclude") || (key1 === "egress")) || (key1 === "testing")) || (key1 === "engine")) || (key1 === "variables")) || (key1 === "environments")) || (key1 === "defaultEnvironment"))){
const err6 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.spec,data:data3};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data3.exclude !== undefined){
let data4 = data3.exclude;
if(Array.isArray(data4)){
const len0 = data4.length;
for(let i0=0; i0<len0; i0++){
let data5 = data4[i0];
if(typeof data5 === "string"){
if(func1(data5) < 1){
const err7 = {instancePath:instancePath+"/spec/exclude/" + i0,schemaPath:"#/properties/spec/properties/exclude/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema31.properties.spec.properties.exclude.items,data:data5};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
else {
const err8 = {instancePath:instancePath+"/spec/exclude/" + i0,schemaPath:"#/properties/spec/properties/exclude/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.spec.properties.exclude.items.type,parentSchema:schema31.properties.spec.properties.exclude.items,data:data5};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
}
else {
const err9 = {instancePath:instancePath+"/spec/exclude",schemaPath:"#/properties/spec/properties/exclude/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema31.properties.spec.properties.exclude.type,parentSchema:schema31.properties.spec.properties.exclude,data:data4};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data3.egress !== undefined){
let data6 = data3.egress;
if(data6 && typeof data6 == "object" && !Array.isArray(data6)){
for(const key2 in data6){
if(!((key2 === "allow") || (key2 === "deny"))){
const err10 = {instancePath:instancePath+"/spec/egress",schemaPath:"#/properties/spec/properties/egress/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.spec.properties.egress,data:data6};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data6.allow !== undefined){
let data7 = data6.allow;
if(Array.isArray(data7)){
const len1 = data7.length;
for(let i1=0; i1<len1; i1++){
let data8 = data7[i1];
if(typeof data8 === "string"){
if(func1(data8) < 1){
const err11 = {instancePath:instancePath+"/spec/egress/allow/" + i1,schemaPath:"#/properties/spec/properties/egress/properties/allow/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema31.properties.spec.properties.egress.properties.allow.items,data:data8};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
else {
const err12 = {instancePath:instancePath+"/spec/egress/allow/" + i1,schemaPath:"#/properties/spec/properties/egress/properties/allow/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.spec.properties.egress.properties.allow.items.type,parentSchema:schema31.properties.spec.properties.egress.properties.allow.items,data:data8};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
}
else {
const err13 = {instancePath:instancePath+"/spec/egress/allow",schemaPath:"#/properties/spec/properties/egress/properties/allow/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema31.properties.spec.properties.egress.properties.allow.type,parentSchema:schema31.properties.spec.properties.egress.properties.allow,data:data7};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data6.deny !== undefined){
let data9 = data6.deny;
if(Array.isArray(data9)){
const len2 = data9.length;
for(let i2=0; i2<len2; i2++){
let data10 = data9[i2];
if(typeof data10 === "string"){
if(func1(data10) < 1){
const err14 = {instancePath:instancePath+"/spec/egress/deny/" + i2,schemaPath:"#/properties/spec/properties/egress/properties/deny/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema31.properties.spec.properties.egress.properties.deny.items,data:data10};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
else {
const err15 = {instancePath:instancePath+"/spec/egress/deny/" + i2,schemaPath:"#/properties/spec/properties/egress/properties/deny/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.spec.properties.egress.properties.deny.items.type,parentSchema:schema31.properties.spec.properties.egress.properties.deny.items,data:data10};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
}
else {
const err16 = {instancePath:instancePath+"/spec/egress/deny",schemaPath:"#/properties/spec/properties/egress/properties/deny/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema31.properties.spec.properties.egress.properties.deny.type,parentSchema:schema31.properties.spec.properties.egress.properties.deny,data:data9};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
}
else {
const err17 = {instancePath:instancePath+"/spec/egress",schemaPath:"#/properties/spec/properties/egress/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.spec.properties.egress.type,parentSchema:schema31.properties.spec.properties.egress,data:data6};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data3.testing !== undefined){
let data11 = data3.testing;
if(data11 && typeof data11 == "object" && !Array.isArray(data11)){
for(const key3 in data11){
if(!(key3 === "warnUntestedFlows")){
const err18 = {instancePath:instancePath+"/spec/testing",schemaPath:"#/properties/spec/properties/testing/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.spec.properties.testing,data:data11};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
if(data11.warnUntestedFlows !== undefined){
let data12 = data11.warnUntestedFlows;
if(typeof data12 !== "boolean"){
const err19 = {instancePath:instancePath+"/spec/testing/warnUntestedFlows",schemaPath:"#/properties/spec/properties/testing/properties/warnUntestedFlows/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema31.properties.spec.properties.testing.properties.warnUntestedFlows.type,parentSchema:schema31.properties.spec.properties.testing.properties.warnUntestedFlows,data:data12};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
}
else {
const err20 = {instancePath:instancePath+"/spec/testing",schemaPath:"#/properties/spec/properties/testing/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.spec.properties.testing.type,parentSchema:schema31.properties.spec.properties.testing,data:data11};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data3.engine !== undefined){
if(!(validate24(data3.engine, {instancePath:instancePath+"/spec/engine",parentData:data3,parentDataProperty:"engine",rootData,dynamicAnchors}))){
{ if (vErrors === null) vErrors = validate24.errors.slice(); else for (const error of validate24.errors) vErrors.push(error); };
errors = vErrors.length;
}
}
if(data3.variables !== undefined){
let data14 = data3.variables;
if(data14 && typeof data14 == "object" && !Array.isArray(data14)){
for(const key4 in data14){
const _errs32 = errors;
if(typeof key4 === "string"){
if(!pattern8.test(key4)){
const err21 = {instancePath:instancePath+"/spec/variables",schemaPath:"#/properties/spec/properties/variables/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z_][A-Za-z0-9_]*$"},message:"must match pattern \""+"^[A-Za-z_][A-Za-z0-9_]*$"+"\"",schema:"^[A-Za-z_][A-Za-z0-9_]*$",parentSchema:schema31.properties.spec.properties.variables.propertyNames,data:key4,propertyName:key4};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
var valid11 = _errs32 === errors;
if(!valid11){
const err22 = {instancePath:instancePath+"/spec/variables",schemaPath:"#/properties/spec/properties/variables/propertyNames",keyword:"propertyNames",params:{propertyName: key4},message:"property name must be valid",schema:schema31.properties.spec.properties.variables.propertyNames,parentSchema:schema31.properties.spec.properties.variables,data:data14};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
for(const key5 in data14){
let data15 = data14[key5];
if(data15 && typeof data15 == "object" && !Array.isArray(data15)){
if(data15.type === undefined){
const err23 = {instancePath:instancePath+"/spec/variables/" + key5.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/spec/properties/variables/additionalProperties/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'",schema:schema31.properties.spec.properties.variables.additionalProperties.required,parentSchema:schema31.properties.spec.properties.variables.additionalProperties,data:data15};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
for(const key6 in data15){
if(!(((key6 === "type") || (key6 === "default")) || (key6 === "description"))){
const err24 = {instancePath:instancePath+"/spec/variables/" + key5.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/spec/properties/variables/additionalProperties/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.spec.properties.variables.additionalProperties,data:data15};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
if(data15.type !== undefined){
let data16 = data15.type;
if(!((((data16 === "string") || (data16 === "number")) || (data16 === "integer")) || (data16 === "boolean"))){
const err25 = {instancePath:instancePath+"/spec/variables/" + key5.replace(/~/g, "~0").replace(/\//g, "~1")+"/type",schemaPath:"#/properties/spec/properties/variables/additionalProperties/properties/type/enum",keyword:"enum",params:{allowedValues: schema31.properties.spec.properties.variables.additionalProperties.properties.type.enum},message:"must be equal to one of the allowed values",schema:schema31.properties.spec.properties.variables.additionalProperties.properties.type.enum,parentSchema:schema31.properties.spec.properties.variables.additionalProperties.properties.type,data:data16};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data15.default !== undefined){
let data17 = data15.default;
if(((typeof data17 !== "string") && (!((typeof data17 == "number") && (isFinite(data17))))) && (typeof data17 !== "boolean")){
const err26 = {instancePath:instancePath+"/spec/variables/" + key5.replace(/~/g, "~0").replace(/\//g, "~1")+"/default",schemaPath:"#/$defs/variableValue/type",keyword:"type",params:{type: schema39.type},message:"must be string,number,boolean",schema:schema39.type,parentSchema:schema39,data:data17};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data15.description !== undefined){
let data18 = data15.description;
if(typeof data18 !== "string"){
const err27 = {instancePath:instancePath+"/spec/variables/" + key5.replace(/~/g, "~0").replace(/\//g, "~1")+"/description",schemaPath:"#/properties/spec/properties/variables/additionalProperties/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.spec.properties.variables.additionalProperties.properties.description.type,parentSchema:schema31.properties.spec.properties.variables.additionalProperties.properties.description,data:data18};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
}
else {
const err28 = {instancePath:instancePath+"/spec/variables/" + key5.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/spec/properties/variables/additionalProperties/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.spec.properties.variables.additionalProperties.type,parentSchema:schema31.properties.spec.properties.variables.additionalProperties,data:data15};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
}
else {
const err29 = {instancePath:instancePath+"/spec/variables",schemaPath:"#/properties/spec/properties/variables/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.spec.properties.variables.type,parentSchema:schema31.properties.spec.properties.variables,data:data14};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
if(data3.environments !== undefined){
let data19 = data3.environments;
if(data19 && typeof data19 == "object" && !Array.isArray(data19)){
for(const key7 in data19){
const _errs45 = errors;
if(typeof key7 === "string"){
if(!pattern4.test(key7)){
const err30 = {instancePath:instancePath+"/spec/environments",schemaPath:"#/properties/spec/properties/environments/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,62}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,62}$"+"\"",schema:"^[a-z][a-z0-9-]{0,62}$",parentSchema:schema31.properties.spec.properties.environments.propertyNames,data:key7,propertyName:key7};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
var valid15 = _errs45 === errors;
if(!valid15){
const err31 = {instancePath:instancePath+"/spec/environments",schemaPath:"#/properties/spec/properties/environments/propertyNames",keyword:"propertyNames",params:{propertyName: key7},message:"property name must be valid",schema:schema31.properties.spec.properties.environments.propertyNames,parentSchema:schema31.properties.spec.properties.environments,data:data19};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
for(const key8 in data19){
let data20 = data19[key8];
if(data20 && typeof data20 == "object" && !Array.isArray(data20)){
for(const key9 in data20){
if(!((((key9 === "description") || (key9 === "engine")) || (key9 === "values")) || (key9 === "overlay"))){
const err32 = {instancePath:instancePath+"/spec/environments/" + key8.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/spec/properties/environments/additionalProperties/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key9},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.spec.properties.environments.additionalProperties,data:data20};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
if(data20.description !== undefined){
let data21 = data20.description;
if(typeof data21 !== "string"){
const err33 = {instancePath:instancePath+"/spec/environments/" + key8.replace(/~/g, "~0").replace(/\//g, "~1")+"/description",schemaPath:"#/properties/spec/properties/environments/additionalProperties/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.spec.properties.environments.additionalProperties.properties.description.type,parentSchema:schema31.properties.spec.properties.environments.additionalProperties.properties.description,data:data21};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
if(data20.engine !== undefined){
if(!(validate24(data20.engine, {instancePath:instancePath+"/spec/environments/" + key8.replace(/~/g, "~0").replace(/\//g, "~1")+"/engine",parentData:data20,parentDataProperty:"engine",rootData,dynamicAnchors}))){
{ if (vErrors === null) vErrors = validate24.errors.slice(); else for (const error of validate24.errors) vErrors.push(error); };
errors = vErrors.length;
}
}
if(data20.values !== undefined){
let data23 = data20.values;
if(data23 && typeof data23 == "object" && !Array.isArray(data23)){
for(const key10 in data23){
const _errs55 = errors;
if(typeof key10 === "string"){
if(!pattern8.test(key10)){
const err34 = {instancePath:instancePath+"/spec/environments/" + key8.replace(/~/g, "~0").replace(/\//g, "~1")+"/values",schemaPath:"#/properties/spec/properties/environments/additionalProperties/properties/values/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z_][A-Za-z0-9_]*$"},message:"must match pattern \""+"^[A-Za-z_][A-Za-z0-9_]*$"+"\"",schema:"^[A-Za-z_][A-Za-z0-9_]*$",parentSchema:schema31.properties.spec.properties.environments.additionalProperties.properties.values.propertyNames,data:key10,propertyName:key10};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
var valid18 = _errs55 === errors;
if(!valid18){
const err35 = {instancePath:instancePath+"/spec/environments/" + key8.replace(/~/g, "~0").replace(/\//g, "~1")+"/values",schemaPath:"#/properties/spec/properties/environments/additionalProperties/properties/values/propertyNames",keyword:"propertyNames",params:{propertyName: key10},message:"property name must be valid",schema:schema31.properties.spec.properties.environments.additionalProperties.properties.values.propertyNames,parentSchema:schema31.properties.spec.properties.environments.additionalProperties.properties.values,data:data23};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
for(const key11 in data23){
let data24 = data23[key11];
if(((typeof data24 !== "string") && (!((typeof data24 == "number") && (isFinite(data24))))) && (typeof data24 !== "boolean")){
const err36 = {instancePath:instancePath+"/spec/environments/" + key8.replace(/~/g, "~0").replace(/\//g, "~1")+"/values/" + key11.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/$defs/variableValue/type",keyword:"type",params:{type: schema39.type},message:"must be string,number,boolean",schema:schema39.type,parentSchema:schema39,data:data24};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
}
else {
const err37 = {instancePath:instancePath+"/spec/environments/" + key8.replace(/~/g, "~0").replace(/\//g, "~1")+"/values",schemaPath:"#/properties/spec/properties/environments/additionalProperties/properties/values/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.spec.properties.environments.additionalProperties.properties.values.type,parentSchema:schema31.properties.spec.properties.environments.additionalProperties.properties.values,data:data23};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
if(data20.overlay !== undefined){
let data25 = data20.overlay;
if(typeof data25 === "string"){
if(!pattern11.test(data25)){
const err38 = {instancePath:instancePath+"/spec/environments/" + key8.replace(/~/g, "~0").replace(/\//g, "~1")+"/overlay",schemaPath:"#/$defs/projectFolder/pattern",keyword:"pattern",params:{pattern: "^(?!/)(?!.*(?:^|/)\\.{1,2}(?:/|$))[^\\\\]+$"},message:"must match pattern \""+"^(?!/)(?!.*(?:^|/)\\.{1,2}(?:/|$))[^\\\\]+$"+"\"",schema:"^(?!/)(?!.*(?:^|/)\\.{1,2}(?:/|$))[^\\\\]+$",parentSchema:schema41,data:data25};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
else {
const err39 = {instancePath:instancePath+"/spec/environments/" + key8.replace(/~/g, "~0").replace(/\//g, "~1")+"/overlay",schemaPath:"#/$defs/projectFolder/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema41.type,parentSchema:schema41,data:data25};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
}
else {
const err40 = {instancePath:instancePath+"/spec/environments/" + key8.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/spec/properties/environments/additionalProperties/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.spec.properties.environments.additionalProperties.type,parentSchema:schema31.properties.spec.properties.environments.additionalProperties,data:data20};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
}
else {
const err41 = {instancePath:instancePath+"/spec/environments",schemaPath:"#/properties/spec/properties/environments/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.spec.properties.environments.type,parentSchema:schema31.properties.spec.properties.environments,data:data19};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
if(data3.defaultEnvironment !== undefined){
let data26 = data3.defaultEnvironment;
if(typeof data26 === "string"){
if(!pattern4.test(data26)){
const err42 = {instancePath:instancePath+"/spec/defaultEnvironment",schemaPath:"defs.schema.json#/$defs/name/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,62}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,62}$"+"\"",schema:"^[a-z][a-z0-9-]{0,62}$",parentSchema:schema35,data:data26};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
else {
const err43 = {instancePath:instancePath+"/spec/defaultEnvironment",schemaPath:"defs.schema.json#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.type,parentSchema:schema35,data:data26};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
}
else {
const err44 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.spec.type,parentSchema:schema31.properties.spec,data:data3};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
}
else {
const err45 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.type,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
validate20.errors = vErrors;
return errors === 0;
}
validate20.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

export const connector = validate27;
const schema43 = {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://weft.dev/schemas/v1/connector.schema.json","title":"Connector","description":"A generic integration of one third-party system, written once and used by many instances.","type":"object","properties":{"apiVersion":{"$ref":"defs.schema.json#/$defs/apiVersion"},"kind":{"description":"Always 'Connector'.","const":"Connector"},"metadata":{"$ref":"defs.schema.json#/$defs/metadata"},"spec":{"$ref":"#/$defs/connectorSpec"}},"required":["apiVersion","kind","metadata","spec"],"additionalProperties":false,"$defs":{"connectorSpec":{"title":"ConnectorSpec","description":"What the connector talks to and what an instance must supply.","type":"object","properties":{"version":{"$ref":"defs.schema.json#/$defs/semver","description":"The connector's semantic version; instances may pin a range of it."},"type":{"description":"'http' for REST APIs, 'event' for message brokers.","enum":["http","event"],"default":"http"},"http":{"$ref":"#/$defs/http"},"event":{"$ref":"#/$defs/event"},"settings":{"$ref":"defs.schema.json#/$defs/jsonSchemaObject","description":"A JSON Schema (type object) for an instance's settings.","default":{"type":"object"}},"credentials":{"description":"The secret fields an instance supplies, by name.","type":"object","propertyNames":{"pattern":"^[A-Za-z][A-Za-z0-9_]*$"},"additionalProperties":{"$ref":"#/$defs/credential"},"default":{}},"auth":{"description":"Named authentication methods; an instance picks one (default: the first).","type":"object","propertyNames":{"pattern":"^[A-Za-z][A-Za-z0-9_-]*$"},"additionalProperties":{"$ref":"#/$defs/authMethod"}},"endpoints":{"description":"Named operations of the API, used by flow steps.","type":"object","propertyNames":{"pattern":"^[A-Za-z][A-Za-z0-9_-]*$"},"additionalProperties":{"$ref":"#/$defs/endpoint"},"default":{}}},"required":["version"],"additionalProperties":false,"allOf":[{"if":{"properties":{"type":{"const":"event"}},"required":["type"]},"then":{"required":["event"],"properties":{"http":false,"auth":false,"endpoints":false}}},{"if":{"properties":{"type":{"const":"http"}}},"then":{"required":["http"],"properties":{"event":false}}}]},"credential":{"title":"CredentialDeclaration","description":"One secret field an instance supplies.","type":"object","properties":{"description":{"description":"What the credential is, shown to whoever configures an instance.","type":"string"},"required":{"description":"Whether every instance must supply it.","type":"boolean","default":true}},"additionalProperties":false},"http":{"title":"HttpConfig","description":"How to reach the HTTP API.","type":"object","properties":{"baseUrl":{"description":"Base URL of every endpoint; may use {{settings.x}} templates.","type":"string","minLength":1},"headers":{"$ref":"defs.schema.json#/$defs/stringMap","description":"Headers sent with every request."},"timeoutMs":{"description":"Total deadline of one request, in milliseconds.","type":"integer","minimum":1,"maximum":600000,"default":30000},"maxResponseBytes":{"description":"Largest response body accepted, in bytes.","type":"integer","minimum":1024,"default":10485760},"retry":{"$ref":"#/$defs/retry"},"rateLimit":{"$ref":"#/$defs/rateLimit"}},"required":["baseUrl"],"additionalProperties":false},"retry":{"title":"RetryPolicy","description":"Retries with exponential backoff and jitter, honouring Retry-After.","type":"object","properties":{"maxAttempts":{"description":"Attempts in all, the first included.","type":"integer","minimum":1,"maximum":20,"default":3},"initialDelayMs":{"description":"Delay before the first retry; doubles each attempt.","type":"integer","minimum":0,"maximum":600000,"default":500},"maxDelayMs":{"description":"Largest delay between attempts, Retry-After included.","type":"integer","minimum":0,"maximum":3600000,"default":30000},"on":{"description":"HTTP statuses that are retried (network errors always are).","type":"array","items":{"type":"integer","minimum":100,"maximum":599},"uniqueItems":true,"default":[429,500,502,503,504]}},"additionalProperties":false,"default":{}},"rateLimit":{"title":"RateLimit","description":"A token bucket shared by all requests of one instance.","type":"object","properties":{"requestsPerSecond":{"description":"Sustained request rate.","type":"number","exclusiveMinimum":0},"burst":{"description":"Requests allowed at once before the rate applies.","type":"integer","minimum":1}},"required":["requestsPerSecond"],"additionalProperties":false},"event":{"title":"EventConfig","description":"The message broker this event connector talks to.","type":"object","properties":{"broker":{"description":"The broker's protocol; 'rabbitmq' is AMQP 0-9-1.","enum":["rabbitmq"]}},"required":["broker"],"additionalProperties":false},"authMethod":{"title":"AuthMethod","description":"One way to authenticate; templates may use {{credentials.x}} and {{settings.x}}.","type":"object","required":["type"],"discriminator":{"propertyName":"type"},"oneOf":[{"title":"NoAuth","type":"object","properties":{"type":{"description":"No authentication.","const":"none"}},"additionalProperties":false},{"title":"BasicAuth","type":"object","properties":{"type":{"description":"HTTP Basic authentication.","const":"basic"},"username":{"description":"User name (template).","type":"string"},"password":{"description":"Password (template, usually {{credentials.x}}).","type":"string"}},"required":["username","password"],"additionalProperties":false},{"title":"BearerAuth","type":"object","properties":{"type":{"description":"Authorization: Bearer <token>.","const":"bearer"},"token":{"description":"The token (template, usually {{credentials.x}}).","type":"string"}},"required":["token"],"additionalProperties":false},{"title":"ApiKeyAuth","type":"object","properties":{"type":{"description":"An API key in a header or query parameter.","const":"apiKey"},"in":{"description":"Where the key goes.","enum":["header","query"],"default":"header"},"name":{"description":"Header or query parameter name.","type":"string","minLength":1},"value":{"description":"The key (template, usually {{credentials.x}}).","type":"string"}},"required":["name","value"],"additionalProperties":false},{"title":"OAuth2Auth","type":"object","properties":{"type":{"description":"OAuth 2.0; tokens are cached and refreshed before expiry.","const":"oauth2"},"grant":{"description":"The grant used to obtain tokens.","enum":["client_credentials","refresh_token"]},"tokenUrl":{"description":"The token endpoint (template).","type":"string","minLength":1},"clientId":{"description":"Client id (template).","type":"string"},"clientSecret":{"description":"Client secret (template, usually {{credentials.x}}).","type":"string"},"refreshToken":{"description":"Refresh token for the refresh_token grant (template).","type":"string"},"scopes":{"description":"Scopes requested.","type":"array","items":{"type":"string"}}},"required":["grant","tokenUrl","clientId"],"additionalProperties":false,"if":{"properties":{"grant":{"const":"refresh_token"}},"required":["grant"]},"then":{"required":["refreshToken"]}}]},"endpoint":{"title":"Endpoint","description":"One operation of the API.","type":"object","properties":{"description":{"description":"What the endpoint does, for people reading the connector.","type":"string"},"method":{"description":"HTTP method.","enum":["GET","POST","PUT","PATCH","DELETE"],"default":"GET"},"path":{"description":"Path below baseUrl; templates are URL-encoded. An {{input.x}} in the path makes that input required.","type":"string","pattern":"^/"},"headers":{"$ref":"defs.schema.json#/$defs/stringMap","description":"Headers for this endpoint (templates allowed)."},"query":{"$ref":"defs.schema.json#/$defs/scalarMap","description":"Query parameters; one that renders empty is left out."},"body":{"description":"Request body; a string that is exactly one template keeps the value's type ({{record}} sends the record)."},"inputs":{"$ref":"defs.schema.json#/$defs/jsonSchemaMap","description":"JSON Schema properties of a step's 'input' for this endpoint."},"requiredInputs":{"description":"Inputs a step must supply (inputs used in 'path' are required anyway).","type":"array","items":{"type":"string"},"uniqueItems":true},"pagination":{"$ref":"#/$defs/pagination"},"records":{"description":"Dot path to the array of records in the response body; absent: the body itself.","type":"string"},"idempotent":{"description":"Whether a non-idempotent method (POST, PATCH) may be retried after a failure that may have left it processed (500, 502, 504, a 503 without Retry-After, a network error). A 429, or a 503 with Retry-After, is retried for every method.","type":"boolean"},"idempotencyKeyHeader":{"description":"Header that carries the idempotency key of a send in an event-triggered run (derived from the message id, the step and the record), so a sink that honours it applies a redelivered message once.","type":"string","pattern":"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$","default":"Idempotency-Key"}},"required":["path"],"additionalProperties":false},"pagination":{"title":"Pagination","description":"How to follow pages of results.","type":"object","required":["type"],"discriminator":{"propertyName":"type"},"oneOf":[{"title":"NoPagination","type":"object","properties":{"type":{"description":"One request, one page.","const":"none"}},"additionalProperties":false},{"title":"PagePagination","type":"object","properties":{"type":{"description":"Numbered pages.","const":"page"},"param":{"description":"Query parameter of the page number.","type":"string","default":"page"},"sizeParam":{"description":"Query parameter of the page size.","type":"string"},"size":{"description":"Page size requested.","type":"integer","minimum":1},"start":{"description":"Number of the first page.","type":"integer","minimum":0,"default":1}},"additionalProperties":false},{"title":"OffsetPagination","type":"object","properties":{"type":{"description":"Offset and limit.","const":"offset"},"param":{"description":"Query parameter of the offset.","type":"string","default":"offset"},"limitParam":{"description":"Query parameter of the limit.","type":"string","default":"limit"},"limit":{"description":"Records per request.","type":"integer","minimum":1,"default":100}},"additionalProperties":false},{"title":"CursorPagination","type":"object","properties":{"type":{"description":"A cursor from the response body.","const":"cursor"},"param":{"description":"Query parameter the cursor is sent in.","type":"string"},"cursorPath":{"description":"Dot path to the next cursor in the response body; empty or absent ends.","type":"string"}},"required":["param","cursorPath"],"additionalProperties":false},{"title":"LinkHeaderPagination","type":"object","properties":{"type":{"description":"RFC 8288 Link header with rel=\"next\".","const":"link-header"},"allowedOrigins":{"description":"Other origins (scheme://host[:port]) a next link may point to. By default a next link must have the request's origin. A page on another origin is fetched without the instance's credentials.","type":"array","items":{"type":"string","pattern":"^https?://[^/?#@]+$"},"uniqueItems":true}},"additionalProperties":false}]}}};

function validate28(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate28.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.name === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema34.required,parentSchema:schema34,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "name") || (key0 === "description")) || (key0 === "labels")) || (key0 === "previousNames"))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema34,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.name !== undefined){
let data0 = data.name;
if(typeof data0 === "string"){
if(!pattern4.test(data0)){
const err2 = {instancePath:instancePath+"/name",schemaPath:"#/$defs/name/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,62}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,62}$"+"\"",schema:"^[a-z][a-z0-9-]{0,62}$",parentSchema:schema35,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
else {
const err3 = {instancePath:instancePath+"/name",schemaPath:"#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.type,parentSchema:schema35,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.description !== undefined){
let data1 = data.description;
if(typeof data1 !== "string"){
const err4 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema34.properties.description.type,parentSchema:schema34.properties.description,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.labels !== undefined){
let data2 = data.labels;
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
for(const key1 in data2){
const _errs9 = errors;
if(typeof key1 === "string"){
if(!pattern5.test(key1)){
const err5 = {instancePath:instancePath+"/labels",schemaPath:"#/properties/labels/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._/-]{0,62}$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._/-]{0,62}$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9._/-]{0,62}$",parentSchema:schema34.properties.labels.propertyNames,data:key1,propertyName:key1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
var valid2 = _errs9 === errors;
if(!valid2){
const err6 = {instancePath:instancePath+"/labels",schemaPath:"#/properties/labels/propertyNames",keyword:"propertyNames",params:{propertyName: key1},message:"property name must be valid",schema:schema34.properties.labels.propertyNames,parentSchema:schema34.properties.labels,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
for(const key2 in data2){
let data3 = data2[key2];
if(typeof data3 !== "string"){
const err7 = {instancePath:instancePath+"/labels/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/labels/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema34.properties.labels.additionalProperties.type,parentSchema:schema34.properties.labels.additionalProperties,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
}
else {
const err8 = {instancePath:instancePath+"/labels",schemaPath:"#/properties/labels/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema34.properties.labels.type,parentSchema:schema34.properties.labels,data:data2};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.previousNames !== undefined){
let data4 = data.previousNames;
if(Array.isArray(data4)){
const len0 = data4.length;
for(let i0=0; i0<len0; i0++){
let data5 = data4[i0];
if(typeof data5 !== "string"){
const err9 = {instancePath:instancePath+"/previousNames/" + i0,schemaPath:"#/properties/previousNames/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema34.properties.previousNames.items.type,parentSchema:schema34.properties.previousNames.items,data:data5};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if(typeof data5 === "string"){
if(!pattern4.test(data5)){
const err10 = {instancePath:instancePath+"/previousNames/" + i0,schemaPath:"#/$defs/name/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,62}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,62}$"+"\"",schema:"^[a-z][a-z0-9-]{0,62}$",parentSchema:schema35,data:data5};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
else {
const err11 = {instancePath:instancePath+"/previousNames/" + i0,schemaPath:"#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.type,parentSchema:schema35,data:data5};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
let i1 = data4.length;
let j0;
if(i1 > 1){
const indices0 = {};
for(;i1--;){
let item0 = data4[i1];
if(typeof item0 !== "string"){
continue;
}
if(typeof indices0[item0] == "number"){
j0 = indices0[item0];
const err12 = {instancePath:instancePath+"/previousNames",schemaPath:"#/properties/previousNames/uniqueItems",keyword:"uniqueItems",params:{i: i1, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i1+" are identical)",schema:true,parentSchema:schema34.properties.previousNames,data:data4};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
break;
}
indices0[item0] = i1;
}
}
}
else {
const err13 = {instancePath:instancePath+"/previousNames",schemaPath:"#/properties/previousNames/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema34.properties.previousNames.type,parentSchema:schema34.properties.previousNames,data:data4};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
}
else {
const err14 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema34.type,parentSchema:schema34,data};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
validate28.errors = vErrors;
return errors === 0;
}
validate28.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

const schema48 = {"title":"ConnectorSpec","description":"What the connector talks to and what an instance must supply.","type":"object","properties":{"version":{"$ref":"defs.schema.json#/$defs/semver","description":"The connector's semantic version; instances may pin a range of it."},"type":{"description":"'http' for REST APIs, 'event' for message brokers.","enum":["http","event"],"default":"http"},"http":{"$ref":"#/$defs/http"},"event":{"$ref":"#/$defs/event"},"settings":{"$ref":"defs.schema.json#/$defs/jsonSchemaObject","description":"A JSON Schema (type object) for an instance's settings.","default":{"type":"object"}},"credentials":{"description":"The secret fields an instance supplies, by name.","type":"object","propertyNames":{"pattern":"^[A-Za-z][A-Za-z0-9_]*$"},"additionalProperties":{"$ref":"#/$defs/credential"},"default":{}},"auth":{"description":"Named authentication methods; an instance picks one (default: the first).","type":"object","propertyNames":{"pattern":"^[A-Za-z][A-Za-z0-9_-]*$"},"additionalProperties":{"$ref":"#/$defs/authMethod"}},"endpoints":{"description":"Named operations of the API, used by flow steps.","type":"object","propertyNames":{"pattern":"^[A-Za-z][A-Za-z0-9_-]*$"},"additionalProperties":{"$ref":"#/$defs/endpoint"},"default":{}}},"required":["version"],"additionalProperties":false,"allOf":[{"if":{"properties":{"type":{"const":"event"}},"required":["type"]},"then":{"required":["event"],"properties":{"http":false,"auth":false,"endpoints":false}}},{"if":{"properties":{"type":{"const":"http"}}},"then":{"required":["http"],"properties":{"event":false}}}]};
const schema49 = {"title":"SemVer","description":"A semantic version, for example 1.4.0.","type":"string","pattern":"^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?$"};
const schema54 = {"title":"EventConfig","description":"The message broker this event connector talks to.","type":"object","properties":{"broker":{"description":"The broker's protocol; 'rabbitmq' is AMQP 0-9-1.","enum":["rabbitmq"]}},"required":["broker"],"additionalProperties":false};
const schema55 = {"title":"JsonSchemaObject","description":"A JSON Schema (2020-12) describing an object.","type":"object","properties":{"type":{"description":"Always 'object'.","const":"object"}},"additionalProperties":true};
const schema56 = {"title":"CredentialDeclaration","description":"One secret field an instance supplies.","type":"object","properties":{"description":{"description":"What the credential is, shown to whoever configures an instance.","type":"string"},"required":{"description":"Whether every instance must supply it.","type":"boolean","default":true}},"additionalProperties":false};
const schema57 = {"title":"AuthMethod","description":"One way to authenticate; templates may use {{credentials.x}} and {{settings.x}}.","type":"object","required":["type"],"discriminator":{"propertyName":"type"},"oneOf":[{"title":"NoAuth","type":"object","properties":{"type":{"description":"No authentication.","const":"none"}},"additionalProperties":false},{"title":"BasicAuth","type":"object","properties":{"type":{"description":"HTTP Basic authentication.","const":"basic"},"username":{"description":"User name (template).","type":"string"},"password":{"description":"Password (template, usually {{credentials.x}}).","type":"string"}},"required":["username","password"],"additionalProperties":false},{"title":"BearerAuth","type":"object","properties":{"type":{"description":"Authorization: Bearer <token>.","const":"bearer"},"token":{"description":"The token (template, usually {{credentials.x}}).","type":"string"}},"required":["token"],"additionalProperties":false},{"title":"ApiKeyAuth","type":"object","properties":{"type":{"description":"An API key in a header or query parameter.","const":"apiKey"},"in":{"description":"Where the key goes.","enum":["header","query"],"default":"header"},"name":{"description":"Header or query parameter name.","type":"string","minLength":1},"value":{"description":"The key (template, usually {{credentials.x}}).","type":"string"}},"required":["name","value"],"additionalProperties":false},{"title":"OAuth2Auth","type":"object","properties":{"type":{"description":"OAuth 2.0; tokens are cached and refreshed before expiry.","const":"oauth2"},"grant":{"description":"The grant used to obtain tokens.","enum":["client_credentials","refresh_token"]},"tokenUrl":{"description":"The token endpoint (template).","type":"string","minLength":1},"clientId":{"description":"Client id (template).","type":"string"},"clientSecret":{"description":"Client secret (template, usually {{credentials.x}}).","type":"string"},"refreshToken":{"description":"Refresh token for the refresh_token grant (template).","type":"string"},"scopes":{"description":"Scopes requested.","type":"array","items":{"type":"string"}}},"required":["grant","tokenUrl","clientId"],"additionalProperties":false,"if":{"properties":{"grant":{"const":"refresh_token"}},"required":["grant"]},"then":{"required":["refreshToken"]}}]};
const pattern16 = new RegExp("^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?$", "u");
const pattern17 = new RegExp("^[A-Za-z][A-Za-z0-9_]*$", "u");
const pattern18 = new RegExp("^[A-Za-z][A-Za-z0-9_-]*$", "u");
const schema50 = {"title":"HttpConfig","description":"How to reach the HTTP API.","type":"object","properties":{"baseUrl":{"description":"Base URL of every endpoint; may use {{settings.x}} templates.","type":"string","minLength":1},"headers":{"$ref":"defs.schema.json#/$defs/stringMap","description":"Headers sent with every request."},"timeoutMs":{"description":"Total deadline of one request, in milliseconds.","type":"integer","minimum":1,"maximum":600000,"default":30000},"maxResponseBytes":{"description":"Largest response body accepted, in bytes.","type":"integer","minimum":1024,"default":10485760},"retry":{"$ref":"#/$defs/retry"},"rateLimit":{"$ref":"#/$defs/rateLimit"}},"required":["baseUrl"],"additionalProperties":false};
const schema51 = {"title":"StringMap","description":"A map of string values, which may hold templates and placeholders.","type":"object","additionalProperties":{"type":"string"}};
const schema52 = {"title":"RetryPolicy","description":"Retries with exponential backoff and jitter, honouring Retry-After.","type":"object","properties":{"maxAttempts":{"description":"Attempts in all, the first included.","type":"integer","minimum":1,"maximum":20,"default":3},"initialDelayMs":{"description":"Delay before the first retry; doubles each attempt.","type":"integer","minimum":0,"maximum":600000,"default":500},"maxDelayMs":{"description":"Largest delay between attempts, Retry-After included.","type":"integer","minimum":0,"maximum":3600000,"default":30000},"on":{"description":"HTTP statuses that are retried (network errors always are).","type":"array","items":{"type":"integer","minimum":100,"maximum":599},"uniqueItems":true,"default":[429,500,502,503,504]}},"additionalProperties":false,"default":{}};
const schema53 = {"title":"RateLimit","description":"A token bucket shared by all requests of one instance.","type":"object","properties":{"requestsPerSecond":{"description":"Sustained request rate.","type":"number","exclusiveMinimum":0},"burst":{"description":"Requests allowed at once before the rate applies.","type":"integer","minimum":1}},"required":["requestsPerSecond"],"additionalProperties":false};

function validate31(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate31.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.baseUrl === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "baseUrl"},message:"must have required property '"+"baseUrl"+"'",schema:schema50.required,parentSchema:schema50,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!((((((key0 === "baseUrl") || (key0 === "headers")) || (key0 === "timeoutMs")) || (key0 === "maxResponseBytes")) || (key0 === "retry")) || (key0 === "rateLimit"))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema50,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.baseUrl !== undefined){
let data0 = data.baseUrl;
if(typeof data0 === "string"){
if(func1(data0) < 1){
const err2 = {instancePath:instancePath+"/baseUrl",schemaPath:"#/properties/baseUrl/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema50.properties.baseUrl,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
else {
const err3 = {instancePath:instancePath+"/baseUrl",schemaPath:"#/properties/baseUrl/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema50.properties.baseUrl.type,parentSchema:schema50.properties.baseUrl,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.headers !== undefined){
let data1 = data.headers;
if(data1 && typeof data1 == "object" && !Array.isArray(data1)){
for(const key1 in data1){
let data2 = data1[key1];
if(typeof data2 !== "string"){
const err4 = {instancePath:instancePath+"/headers/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"defs.schema.json#/$defs/stringMap/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema51.additionalProperties.type,parentSchema:schema51.additionalProperties,data:data2};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
}
else {
const err5 = {instancePath:instancePath+"/headers",schemaPath:"defs.schema.json#/$defs/stringMap/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema51.type,parentSchema:schema51,data:data1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.timeoutMs !== undefined){
let data3 = data.timeoutMs;
if(!(((typeof data3 == "number") && (!(data3 % 1) && !isNaN(data3))) && (isFinite(data3)))){
const err6 = {instancePath:instancePath+"/timeoutMs",schemaPath:"#/properties/timeoutMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema50.properties.timeoutMs.type,parentSchema:schema50.properties.timeoutMs,data:data3};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if((typeof data3 == "number") && (isFinite(data3))){
if(data3 > 600000 || isNaN(data3)){
const err7 = {instancePath:instancePath+"/timeoutMs",schemaPath:"#/properties/timeoutMs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 600000},message:"must be <= 600000",schema:600000,parentSchema:schema50.properties.timeoutMs,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if(data3 < 1 || isNaN(data3)){
const err8 = {instancePath:instancePath+"/timeoutMs",schemaPath:"#/properties/timeoutMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema50.properties.timeoutMs,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
}
if(data.maxResponseBytes !== undefined){
let data4 = data.maxResponseBytes;
if(!(((typeof data4 == "number") && (!(data4 % 1) && !isNaN(data4))) && (isFinite(data4)))){
const err9 = {instancePath:instancePath+"/maxResponseBytes",schemaPath:"#/properties/maxResponseBytes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema50.properties.maxResponseBytes.type,parentSchema:schema50.properties.maxResponseBytes,data:data4};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if((typeof data4 == "number") && (isFinite(data4))){
if(data4 < 1024 || isNaN(data4)){
const err10 = {instancePath:instancePath+"/maxResponseBytes",schemaPath:"#/properties/maxResponseBytes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1024},message:"must be >= 1024",schema:1024,parentSchema:schema50.properties.maxResponseBytes,data:data4};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
}
if(data.retry !== undefined){
let data5 = data.retry;
if(data5 && typeof data5 == "object" && !Array.isArray(data5)){
for(const key2 in data5){
if(!((((key2 === "maxAttempts") || (key2 === "initialDelayMs")) || (key2 === "maxDelayMs")) || (key2 === "on"))){
const err11 = {instancePath:instancePath+"/retry",schemaPath:"#/$defs/retry/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema52,data:data5};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data5.maxAttempts !== undefined){
let data6 = data5.maxAttempts;
if(!(((typeof data6 == "number") && (!(data6 % 1) && !isNaN(data6))) && (isFinite(data6)))){
const err12 = {instancePath:instancePath+"/retry/maxAttempts",schemaPath:"#/$defs/retry/properties/maxAttempts/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema52.properties.maxAttempts.type,parentSchema:schema52.properties.maxAttempts,data:data6};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
if((typeof data6 == "number") && (isFinite(data6))){
if(data6 > 20 || isNaN(data6)){
const err13 = {instancePath:instancePath+"/retry/maxAttempts",schemaPath:"#/$defs/retry/properties/maxAttempts/maximum",keyword:"maximum",params:{comparison: "<=", limit: 20},message:"must be <= 20",schema:20,parentSchema:schema52.properties.maxAttempts,data:data6};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
if(data6 < 1 || isNaN(data6)){
const err14 = {instancePath:instancePath+"/retry/maxAttempts",schemaPath:"#/$defs/retry/properties/maxAttempts/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema52.properties.maxAttempts,data:data6};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
}
if(data5.initialDelayMs !== undefined){
let data7 = data5.initialDelayMs;
if(!(((typeof data7 == "number") && (!(data7 % 1) && !isNaN(data7))) && (isFinite(data7)))){
const err15 = {instancePath:instancePath+"/retry/initialDelayMs",schemaPath:"#/$defs/retry/properties/initialDelayMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema52.properties.initialDelayMs.type,parentSchema:schema52.properties.initialDelayMs,data:data7};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
if((typeof data7 == "number") && (isFinite(data7))){
if(data7 > 600000 || isNaN(data7)){
const err16 = {instancePath:instancePath+"/retry/initialDelayMs",schemaPath:"#/$defs/retry/properties/initialDelayMs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 600000},message:"must be <= 600000",schema:600000,parentSchema:schema52.properties.initialDelayMs,data:data7};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
if(data7 < 0 || isNaN(data7)){
const err17 = {instancePath:instancePath+"/retry/initialDelayMs",schemaPath:"#/$defs/retry/properties/initialDelayMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema52.properties.initialDelayMs,data:data7};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
}
if(data5.maxDelayMs !== undefined){
let data8 = data5.maxDelayMs;
if(!(((typeof data8 == "number") && (!(data8 % 1) && !isNaN(data8))) && (isFinite(data8)))){
const err18 = {instancePath:instancePath+"/retry/maxDelayMs",schemaPath:"#/$defs/retry/properties/maxDelayMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema52.properties.maxDelayMs.type,parentSchema:schema52.properties.maxDelayMs,data:data8};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
if((typeof data8 == "number") && (isFinite(data8))){
if(data8 > 3600000 || isNaN(data8)){
const err19 = {instancePath:instancePath+"/retry/maxDelayMs",schemaPath:"#/$defs/retry/properties/maxDelayMs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 3600000},message:"must be <= 3600000",schema:3600000,parentSchema:schema52.properties.maxDelayMs,data:data8};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
if(data8 < 0 || isNaN(data8)){
const err20 = {instancePath:instancePath+"/retry/maxDelayMs",schemaPath:"#/$defs/retry/properties/maxDelayMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema52.properties.maxDelayMs,data:data8};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
}
if(data5.on !== undefined){
let data9 = data5.on;
if(Array.isArray(data9)){
const len0 = data9.length;
for(let i0=0; i0<len0; i0++){
let data10 = data9[i0];
if(!(((typeof data10 == "number") && (!(data10 % 1) && !isNaN(data10))) && (isFinite(data10)))){
const err21 = {instancePath:instancePath+"/retry/on/" + i0,schemaPath:"#/$defs/retry/properties/on/items/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema52.properties.on.items.type,parentSchema:schema52.properties.on.items,data:data10};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
if((typeof data10 == "number") && (isFinite(data10))){
if(data10 > 599 || isNaN(data10)){
const err22 = {instancePath:instancePath+"/retry/on/" + i0,schemaPath:"#/$defs/retry/properties/on/items/maximum",keyword:"maximum",params:{comparison: "<=", limit: 599},message:"must be <= 599",schema:599,parentSchema:schema52.properties.on.items,data:data10};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
if(data10 < 100 || isNaN(data10)){
const err23 = {instancePath:instancePath+"/retry/on/" + i0,schemaPath:"#/$defs/retry/properties/on/items/minimum",keyword:"minimum",params:{comparison: ">=", limit: 100},message:"must be >= 100",schema:100,parentSchema:schema52.properties.on.items,data:data10};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
}
let i1 = data9.length;
let j0;
if(i1 > 1){
const indices0 = {};
for(;i1--;){
let item0 = data9[i1];
if(!(((typeof item0 == "number") && (!(item0 % 1) && !isNaN(item0))) && (isFinite(item0)))){
continue;
}
if(typeof indices0[item0] == "number"){
j0 = indices0[item0];
const err24 = {instancePath:instancePath+"/retry/on",schemaPath:"#/$defs/retry/properties/on/uniqueItems",keyword:"uniqueItems",params:{i: i1, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i1+" are identical)",schema:true,parentSchema:schema52.properties.on,data:data9};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
break;
}
indices0[item0] = i1;
}
}
}
else {
const err25 = {instancePath:instancePath+"/retry/on",schemaPath:"#/$defs/retry/properties/on/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema52.properties.on.type,parentSchema:schema52.properties.on,data:data9};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
}
else {
const err26 = {instancePath:instancePath+"/retry",schemaPath:"#/$defs/retry/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema52.type,parentSchema:schema52,data:data5};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data.rateLimit !== undefined){
let data11 = data.rateLimit;
if(data11 && typeof data11 == "object" && !Array.isArray(data11)){
if(data11.requestsPerSecond === undefined){
const err27 = {instancePath:instancePath+"/rateLimit",schemaPath:"#/$defs/rateLimit/required",keyword:"required",params:{missingProperty: "requestsPerSecond"},message:"must have required property '"+"requestsPerSecond"+"'",schema:schema53.required,parentSchema:schema53,data:data11};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
for(const key3 in data11){
if(!((key3 === "requestsPerSecond") || (key3 === "burst"))){
const err28 = {instancePath:instancePath+"/rateLimit",schemaPath:"#/$defs/rateLimit/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties",schema:false,parentSchema:schema53,data:data11};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(data11.requestsPerSecond !== undefined){
let data12 = data11.requestsPerSecond;
if((typeof data12 == "number") && (isFinite(data12))){
if(data12 <= 0 || isNaN(data12)){
const err29 = {instancePath:instancePath+"/rateLimit/requestsPerSecond",schemaPath:"#/$defs/rateLimit/properties/requestsPerSecond/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema53.properties.requestsPerSecond,data:data12};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
else {
const err30 = {instancePath:instancePath+"/rateLimit/requestsPerSecond",schemaPath:"#/$defs/rateLimit/properties/requestsPerSecond/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema53.properties.requestsPerSecond.type,parentSchema:schema53.properties.requestsPerSecond,data:data12};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
if(data11.burst !== undefined){
let data13 = data11.burst;
if(!(((typeof data13 == "number") && (!(data13 % 1) && !isNaN(data13))) && (isFinite(data13)))){
const err31 = {instancePath:instancePath+"/rateLimit/burst",schemaPath:"#/$defs/rateLimit/properties/burst/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema53.properties.burst.type,parentSchema:schema53.properties.burst,data:data13};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
if((typeof data13 == "number") && (isFinite(data13))){
if(data13 < 1 || isNaN(data13)){
const err32 = {instancePath:instancePath+"/rateLimit/burst",schemaPath:"#/$defs/rateLimit/properties/burst/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema53.properties.burst,data:data13};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
}
}
else {
const err33 = {instancePath:instancePath+"/rateLimit",schemaPath:"#/$defs/rateLimit/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema53.type,parentSchema:schema53,data:data11};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
}
else {
const err34 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema50.type,parentSchema:schema50,data};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
validate31.errors = vErrors;
return errors === 0;
}
validate31.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

const schema58 = {"title":"Endpoint","description":"One operation of the API.","type":"object","properties":{"description":{"description":"What the endpoint does, for people reading the connector.","type":"string"},"method":{"description":"HTTP method.","enum":["GET","POST","PUT","PATCH","DELETE"],"default":"GET"},"path":{"description":"Path below baseUrl; templates are URL-encoded. An {{input.x}} in the path makes that input required.","type":"string","pattern":"^/"},"headers":{"$ref":"defs.schema.json#/$defs/stringMap","description":"Headers for this endpoint (templates allowed)."},"query":{"$ref":"defs.schema.json#/$defs/scalarMap","description":"Query parameters; one that renders empty is left out."},"body":{"description":"Request body; a string that is exactly one template keeps the value's type ({{record}} sends the record)."},"inputs":{"$ref":"defs.schema.json#/$defs/jsonSchemaMap","description":"JSON Schema properties of a step's 'input' for this endpoint."},"requiredInputs":{"description":"Inputs a step must supply (inputs used in 'path' are required anyway).","type":"array","items":{"type":"string"},"uniqueItems":true},"pagination":{"$ref":"#/$defs/pagination"},"records":{"description":"Dot path to the array of records in the response body; absent: the body itself.","type":"string"},"idempotent":{"description":"Whether a non-idempotent method (POST, PATCH) may be retried after a failure that may have left it processed (500, 502, 504, a 503 without Retry-After, a network error). A 429, or a 503 with Retry-After, is retried for every method.","type":"boolean"},"idempotencyKeyHeader":{"description":"Header that carries the idempotency key of a send in an event-triggered run (derived from the message id, the step and the record), so a sink that honours it applies a redelivered message once.","type":"string","pattern":"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$","default":"Idempotency-Key"}},"required":["path"],"additionalProperties":false};
const schema60 = {"title":"ScalarMap","description":"A map of scalar values (string, number or boolean), which may hold templates and placeholders.","type":"object","additionalProperties":{"type":["string","number","boolean"]}};
const schema61 = {"title":"JsonSchemaMap","description":"JSON Schemas by property name.","type":"object","additionalProperties":{"description":"A JSON Schema (2020-12) for one property.","type":"object","additionalProperties":true}};
const schema62 = {"title":"Pagination","description":"How to follow pages of results.","type":"object","required":["type"],"discriminator":{"propertyName":"type"},"oneOf":[{"title":"NoPagination","type":"object","properties":{"type":{"description":"One request, one page.","const":"none"}},"additionalProperties":false},{"title":"PagePagination","type":"object","properties":{"type":{"description":"Numbered pages.","const":"page"},"param":{"description":"Query parameter of the page number.","type":"string","default":"page"},"sizeParam":{"description":"Query parameter of the page size.","type":"string"},"size":{"description":"Page size requested.","type":"integer","minimum":1},"start":{"description":"Number of the first page.","type":"integer","minimum":0,"default":1}},"additionalProperties":false},{"title":"OffsetPagination","type":"object","properties":{"type":{"description":"Offset and limit.","const":"offset"},"param":{"description":"Query parameter of the offset.","type":"string","default":"offset"},"limitParam":{"description":"Query parameter of the limit.","type":"string","default":"limit"},"limit":{"description":"Records per request.","type":"integer","minimum":1,"default":100}},"additionalProperties":false},{"title":"CursorPagination","type":"object","properties":{"type":{"description":"A cursor from the response body.","const":"cursor"},"param":{"description":"Query parameter the cursor is sent in.","type":"string"},"cursorPath":{"description":"Dot path to the next cursor in the response body; empty or absent ends.","type":"string"}},"required":["param","cursorPath"],"additionalProperties":false},{"title":"LinkHeaderPagination","type":"object","properties":{"type":{"description":"RFC 8288 Link header with rel=\"next\".","const":"link-header"},"allowedOrigins":{"description":"Other origins (scheme://host[:port]) a next link may point to. By default a next link must have the request's origin. A page on another origin is fetched without the instance's credentials.","type":"array","items":{"type":"string","pattern":"^https?://[^/?#@]+$"},"uniqueItems":true}},"additionalProperties":false}]};
const func7 = Object.prototype.hasOwnProperty;
const pattern20 = new RegExp("^/", "u");
const pattern21 = new RegExp("^https?://[^/?#@]+$", "u");
const pattern22 = new RegExp("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$", "u");

function validate33(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate33.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.path === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "path"},message:"must have required property '"+"path"+"'",schema:schema58.required,parentSchema:schema58,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!(func7.call(schema58.properties, key0))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema58,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.description !== undefined){
let data0 = data.description;
if(typeof data0 !== "string"){
const err2 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema58.properties.description.type,parentSchema:schema58.properties.description,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.method !== undefined){
let data1 = data.method;
if(!(((((data1 === "GET") || (data1 === "POST")) || (data1 === "PUT")) || (data1 === "PATCH")) || (data1 === "DELETE"))){
const err3 = {instancePath:instancePath+"/method",schemaPath:"#/properties/method/enum",keyword:"enum",params:{allowedValues: schema58.properties.method.enum},message:"must be equal to one of the allowed values",schema:schema58.properties.method.enum,parentSchema:schema58.properties.method,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.path !== undefined){
let data2 = data.path;
if(typeof data2 === "string"){
if(!pattern20.test(data2)){
const err4 = {instancePath:instancePath+"/path",schemaPath:"#/properties/path/pattern",keyword:"pattern",params:{pattern: "^/"},message:"must match pattern \""+"^/"+"\"",schema:"^/",parentSchema:schema58.properties.path,data:data2};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
else {
const err5 = {instancePath:instancePath+"/path",schemaPath:"#/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema58.properties.path.type,parentSchema:schema58.properties.path,data:data2};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.headers !== undefined){
let data3 = data.headers;
if(data3 && typeof data3 == "object" && !Array.isArray(data3)){
for(const key1 in data3){
let data4 = data3[key1];
if(typeof data4 !== "string"){
const err6 = {instancePath:instancePath+"/headers/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"defs.schema.json#/$defs/stringMap/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema51.additionalProperties.type,parentSchema:schema51.additionalProperties,data:data4};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
}
else {
const err7 = {instancePath:instancePath+"/headers",schemaPath:"defs.schema.json#/$defs/stringMap/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema51.type,parentSchema:schema51,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.query !== undefined){
let data5 = data.query;
if(data5 && typeof data5 == "object" && !Array.isArray(data5)){
for(const key2 in data5){
let data6 = data5[key2];
if(((typeof data6 !== "string") && (!((typeof data6 == "number") && (isFinite(data6))))) && (typeof data6 !== "boolean")){
const err8 = {instancePath:instancePath+"/query/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"defs.schema.json#/$defs/scalarMap/additionalProperties/type",keyword:"type",params:{type: schema60.additionalProperties.type},message:"must be string,number,boolean",schema:schema60.additionalProperties.type,parentSchema:schema60.additionalProperties,data:data6};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
}
else {
const err9 = {instancePath:instancePath+"/query",schemaPath:"defs.schema.json#/$defs/scalarMap/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema60.type,parentSchema:schema60,data:data5};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data.inputs !== undefined){
let data7 = data.inputs;
if(data7 && typeof data7 == "object" && !Array.isArray(data7)){
for(const key3 in data7){
let data8 = data7[key3];
if(data8 && typeof data8 == "object" && !Array.isArray(data8)){
}
else {
const err10 = {instancePath:instancePath+"/inputs/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"defs.schema.json#/$defs/jsonSchemaMap/additionalProperties/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema61.additionalProperties.type,parentSchema:schema61.additionalProperties,data:data8};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
}
else {
const err11 = {instancePath:instancePath+"/inputs",schemaPath:"defs.schema.json#/$defs/jsonSchemaMap/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema61.type,parentSchema:schema61,data:data7};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data.requiredInputs !== undefined){
let data9 = data.requiredInputs;
if(Array.isArray(data9)){
const len0 = data9.length;
for(let i0=0; i0<len0; i0++){
let data10 = data9[i0];
if(typeof data10 !== "string"){
const err12 = {instancePath:instancePath+"/requiredInputs/" + i0,schemaPath:"#/properties/requiredInputs/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema58.properties.requiredInputs.items.type,parentSchema:schema58.properties.requiredInputs.items,data:data10};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
let i1 = data9.length;
let j0;
if(i1 > 1){
const indices0 = {};
for(;i1--;){
let item0 = data9[i1];
if(typeof item0 !== "string"){
continue;
}
if(typeof indices0[item0] == "number"){
j0 = indices0[item0];
const err13 = {instancePath:instancePath+"/requiredInputs",schemaPath:"#/properties/requiredInputs/uniqueItems",keyword:"uniqueItems",params:{i: i1, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i1+" are identical)",schema:true,parentSchema:schema58.properties.requiredInputs,data:data9};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
break;
}
indices0[item0] = i1;
}
}
}
else {
const err14 = {instancePath:instancePath+"/requiredInputs",schemaPath:"#/properties/requiredInputs/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema58.properties.requiredInputs.type,parentSchema:schema58.properties.requiredInputs,data:data9};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data.pagination !== undefined){
let data11 = data.pagination;
if(data11 && typeof data11 == "object" && !Array.isArray(data11)){
if(data11.type === undefined){
const err15 = {instancePath:instancePath+"/pagination",schemaPath:"#/$defs/pagination/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'",schema:schema62.required,parentSchema:schema62,data:data11};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
const tag0 = data11.type;
if(typeof tag0 == "string"){
if(tag0 === "none"){
if(data11 && typeof data11 == "object" && !Array.isArray(data11)){
for(const key4 in data11){
if(!(key4 === "type")){
const err16 = {instancePath:instancePath+"/pagination",schemaPath:"#/$defs/pagination/oneOf/0/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties",schema:false,parentSchema:schema62.oneOf[0],data:data11};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data11.type !== undefined){
let data12 = data11.type;
if("none" !== data12){
const err17 = {instancePath:instancePath+"/pagination/type",schemaPath:"#/$defs/pagination/oneOf/0/properties/type/const",keyword:"const",params:{allowedValue: "none"},message:"must be equal to constant",schema:"none",parentSchema:schema62.oneOf[0].properties.type,data:data12};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
}
else {
const err18 = {instancePath:instancePath+"/pagination",schemaPath:"#/$defs/pagination/oneOf/0/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema62.oneOf[0].type,parentSchema:schema62.oneOf[0],data:data11};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
var props0 = true;
}
else if(tag0 === "page"){
if(data11 && typeof data11 == "object" && !Array.isArray(data11)){
for(const key5 in data11){
if(!(((((key5 === "type") || (key5 === "param")) || (key5 === "sizeParam")) || (key5 === "size")) || (key5 === "start"))){
const err19 = {instancePath:instancePath+"/pagination",schemaPath:"#/$defs/pagination/oneOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties",schema:false,parentSchema:schema62.oneOf[1],data:data11};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(data11.type !== undefined){
let data13 = data11.type;
if("page" !== data13){
const err20 = {instancePath:instancePath+"/pagination/type",schemaPath:"#/$defs/pagination/oneOf/1/properties/type/const",keyword:"const",params:{allowedValue: "page"},message:"must be equal to constant",schema:"page",parentSchema:schema62.oneOf[1].properties.type,data:data13};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data11.param !== undefined){
let data14 = data11.param;
if(typeof data14 !== "string"){
const err21 = {instancePath:instancePath+"/pagination/param",schemaPath:"#/$defs/pagination/oneOf/1/properties/param/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema62.oneOf[1].properties.param.type,parentSchema:schema62.oneOf[1].properties.param,data:data14};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data11.sizeParam !== undefined){
let data15 = data11.sizeParam;
if(typeof data15 !== "string"){
const err22 = {instancePath:instancePath+"/pagination/sizeParam",schemaPath:"#/$defs/pagination/oneOf/1/properties/sizeParam/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema62.oneOf[1].properties.sizeParam.type,parentSchema:schema62.oneOf[1].properties.sizeParam,data:data15};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
if(data11.size !== undefined){
let data16 = data11.size;
if(!(((typeof data16 == "number") && (!(data16 % 1) && !isNaN(data16))) && (isFinite(data16)))){
const err23 = {instancePath:instancePath+"/pagination/size",schemaPath:"#/$defs/pagination/oneOf/1/properties/size/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema62.oneOf[1].properties.size.type,parentSchema:schema62.oneOf[1].properties.size,data:data16};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
if((typeof data16 == "number") && (isFinite(data16))){
if(data16 < 1 || isNaN(data16)){
const err24 = {instancePath:instancePath+"/pagination/size",schemaPath:"#/$defs/pagination/oneOf/1/properties/size/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema62.oneOf[1].properties.size,data:data16};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
}
if(data11.start !== undefined){
let data17 = data11.start;
if(!(((typeof data17 == "number") && (!(data17 % 1) && !isNaN(data17))) && (isFinite(data17)))){
const err25 = {instancePath:instancePath+"/pagination/start",schemaPath:"#/$defs/pagination/oneOf/1/properties/start/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema62.oneOf[1].properties.start.type,parentSchema:schema62.oneOf[1].properties.start,data:data17};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
if((typeof data17 == "number") && (isFinite(data17))){
if(data17 < 0 || isNaN(data17)){
const err26 = {instancePath:instancePath+"/pagination/start",schemaPath:"#/$defs/pagination/oneOf/1/properties/start/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema62.oneOf[1].properties.start,data:data17};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
}
}
else {
const err27 = {instancePath:instancePath+"/pagination",schemaPath:"#/$defs/pagination/oneOf/1/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema62.oneOf[1].type,parentSchema:schema62.oneOf[1],data:data11};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
if(props0 !== true){
props0 = true;
}
}
else if(tag0 === "offset"){
if(data11 && typeof data11 == "object" && !Array.isArray(data11)){
for(const key6 in data11){
if(!((((key6 === "type") || (key6 === "param")) || (key6 === "limitParam")) || (key6 === "limit"))){
const err28 = {instancePath:instancePath+"/pagination",schemaPath:"#/$defs/pagination/oneOf/2/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties",schema:false,parentSchema:schema62.oneOf[2],data:data11};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(data11.type !== undefined){
let data18 = data11.type;
if("offset" !== data18){
const err29 = {instancePath:instancePath+"/pagination/type",schemaPath:"#/$defs/pagination/oneOf/2/properties/type/const",keyword:"const",params:{allowedValue: "offset"},message:"must be equal to constant",schema:"offset",parentSchema:schema62.oneOf[2].properties.type,data:data18};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
if(data11.param !== undefined){
let data19 = data11.param;
if(typeof data19 !== "string"){
const err30 = {instancePath:instancePath+"/pagination/param",schemaPath:"#/$defs/pagination/oneOf/2/properties/param/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema62.oneOf[2].properties.param.type,parentSchema:schema62.oneOf[2].properties.param,data:data19};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
if(data11.limitParam !== undefined){
let data20 = data11.limitParam;
if(typeof data20 !== "string"){
const err31 = {instancePath:instancePath+"/pagination/limitParam",schemaPath:"#/$defs/pagination/oneOf/2/properties/limitParam/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema62.oneOf[2].properties.limitParam.type,parentSchema:schema62.oneOf[2].properties.limitParam,data:data20};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
if(data11.limit !== undefined){
let data21 = data11.limit;
if(!(((typeof data21 == "number") && (!(data21 % 1) && !isNaN(data21))) && (isFinite(data21)))){
const err32 = {instancePath:instancePath+"/pagination/limit",schemaPath:"#/$defs/pagination/oneOf/2/properties/limit/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema62.oneOf[2].properties.limit.type,parentSchema:schema62.oneOf[2].properties.limit,data:data21};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
if((typeof data21 == "number") && (isFinite(data21))){
if(data21 < 1 || isNaN(data21)){
const err33 = {instancePath:instancePath+"/pagination/limit",schemaPath:"#/$defs/pagination/oneOf/2/properties/limit/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema62.oneOf[2].properties.limit,data:data21};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
}
}
else {
const err34 = {instancePath:instancePath+"/pagination",schemaPath:"#/$defs/pagination/oneOf/2/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema62.oneOf[2].type,parentSchema:schema62.oneOf[2],data:data11};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
if(props0 !== true){
props0 = true;
}
}
else if(tag0 === "cursor"){
if(data11 && typeof data11 == "object" && !Array.isArray(data11)){
if(data11.param === undefined){
const err35 = {instancePath:instancePath+"/pagination",schemaPath:"#/$defs/pagination/oneOf/3/required",keyword:"required",params:{missingProperty: "param"},message:"must have required property '"+"param"+"'",schema:schema62.oneOf[3].required,parentSchema:schema62.oneOf[3],data:data11};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
if(data11.cursorPath === undefined){
const err36 = {instancePath:instancePath+"/pagination",schemaPath:"#/$defs/pagination/oneOf/3/required",keyword:"required",params:{missingProperty: "cursorPath"},message:"must have required property '"+"cursorPath"+"'",schema:schema62.oneOf[3].required,parentSchema:schema62.oneOf[3],data:data11};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
for(const key7 in data11){
if(!(((key7 === "type") || (key7 === "param")) || (key7 === "cursorPath"))){
const err37 = {instancePath:instancePath+"/pagination",schemaPath:"#/$defs/pagination/oneOf/3/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties",schema:false,parentSchema:schema62.oneOf[3],data:data11};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
if(data11.type !== undefined){
let data22 = data11.type;
if("cursor" !== data22){
const err38 = {instancePath:instancePath+"/pagination/type",schemaPath:"#/$defs/pagination/oneOf/3/properties/type/const",keyword:"const",params:{allowedValue: "cursor"},message:"must be equal to constant",schema:"cursor",parentSchema:schema62.oneOf[3].properties.type,data:data22};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
if(data11.param !== undefined){
let data23 = data11.param;
if(typeof data23 !== "string"){
const err39 = {instancePath:instancePath+"/pagination/param",schemaPath:"#/$defs/pagination/oneOf/3/properties/param/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema62.oneOf[3].properties.param.type,parentSchema:schema62.oneOf[3].properties.param,data:data23};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
if(data11.cursorPath !== undefined){
let data24 = data11.cursorPath;
if(typeof data24 !== "string"){
const err40 = {instancePath:instancePath+"/pagination/cursorPath",schemaPath:"#/$defs/pagination/oneOf/3/properties/cursorPath/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema62.oneOf[3].properties.cursorPath.type,parentSchema:schema62.oneOf[3].properties.cursorPath,data:data24};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
}
else {
const err41 = {instancePath:instancePath+"/pagination",schemaPath:"#/$defs/pagination/oneOf/3/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema62.oneOf[3].type,parentSchema:schema62.oneOf[3],data:data11};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
if(props0 !== true){
props0 = true;
}
}
else if(tag0 === "link-header"){
if(data11 && typeof data11 == "object" && !Array.isArray(data11)){
for(const key8 in data11){
if(!((key8 === "type") || (key8 === "allowedOrigins"))){
const err42 = {instancePath:instancePath+"/pagination",schemaPath:"#/$defs/pagination/oneOf/4/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key8},message:"must NOT have additional properties",schema:false,parentSchema:schema62.oneOf[4],data:data11};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
if(data11.type !== undefined){
let data25 = data11.type;
if("link-header" !== data25){
const err43 = {instancePath:instancePath+"/pagination/type",schemaPath:"#/$defs/pagination/oneOf/4/properties/type/const",keyword:"const",params:{allowedValue: "link-header"},message:"must be equal to constant",schema:"link-header",parentSchema:schema62.oneOf[4].properties.type,data:data25};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
if(data11.allowedOrigins !== undefined){
let data26 = data11.allowedOrigins;
if(Array.isArray(data26)){
const len1 = data26.length;
for(let i2=0; i2<len1; i2++){
let data27 = data26[i2];
if(typeof data27 === "string"){
if(!pattern21.test(data27)){
const err44 = {instancePath:instancePath+"/pagination/allowedOrigins/" + i2,schemaPath:"#/$defs/pagination/oneOf/4/properties/allowedOrigins/items/pattern",keyword:"pattern",params:{pattern: "^https?://[^/?#@]+$"},message:"must match pattern \""+"^https?://[^/?#@]+$"+"\"",schema:"^https?://[^/?#@]+$",parentSchema:schema62.oneOf[4].properties.allowedOrigins.items,data:data27};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
else {
const err45 = {instancePath:instancePath+"/pagination/allowedOrigins/" + i2,schemaPath:"#/$defs/pagination/oneOf/4/properties/allowedOrigins/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema62.oneOf[4].properties.allowedOrigins.items.type,parentSchema:schema62.oneOf[4].properties.allowedOrigins.items,data:data27};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
let i3 = data26.length;
let j1;
if(i3 > 1){
const indices1 = {};
for(;i3--;){
let item1 = data26[i3];
if(typeof item1 !== "string"){
continue;
}
if(typeof indices1[item1] == "number"){
j1 = indices1[item1];
const err46 = {instancePath:instancePath+"/pagination/allowedOrigins",schemaPath:"#/$defs/pagination/oneOf/4/properties/allowedOrigins/uniqueItems",keyword:"uniqueItems",params:{i: i3, j: j1},message:"must NOT have duplicate items (items ## "+j1+" and "+i3+" are identical)",schema:true,parentSchema:schema62.oneOf[4].properties.allowedOrigins,data:data26};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
break;
}
indices1[item1] = i3;
}
}
}
else {
const err47 = {instancePath:instancePath+"/pagination/allowedOrigins",schemaPath:"#/$defs/pagination/oneOf/4/properties/allowedOrigins/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema62.oneOf[4].properties.allowedOrigins.type,parentSchema:schema62.oneOf[4].properties.allowedOrigins,data:data26};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
}
else {
const err48 = {instancePath:instancePath+"/pagination",schemaPath:"#/$defs/pagination/oneOf/4/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema62.oneOf[4].type,parentSchema:schema62.oneOf[4],data:data11};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
if(props0 !== true){
props0 = true;
}
}
else {
const err49 = {instancePath:instancePath+"/pagination",schemaPath:"#/$defs/pagination/discriminator",keyword:"discriminator",params:{error: "mapping", tag: "type", tagValue: tag0},message:"value of tag \"type\" must be in oneOf",schema:schema62.discriminator,parentSchema:schema62,data:data11};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
else {
const err50 = {instancePath:instancePath+"/pagination",schemaPath:"#/$defs/pagination/discriminator",keyword:"discriminator",params:{error: "tag", tag: "type", tagValue: tag0},message:"tag \"type\" must be string",schema:schema62.discriminator,parentSchema:schema62,data:data11};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
else {
const err51 = {instancePath:instancePath+"/pagination",schemaPath:"#/$defs/pagination/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema62.type,parentSchema:schema62,data:data11};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
if(data.records !== undefined){
let data28 = data.records;
if(typeof data28 !== "string"){
const err52 = {instancePath:instancePath+"/records",schemaPath:"#/properties/records/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema58.properties.records.type,parentSchema:schema58.properties.records,data:data28};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
}
if(data.idempotent !== undefined){
let data29 = data.idempotent;
if(typeof data29 !== "boolean"){
const err53 = {instancePath:instancePath+"/idempotent",schemaPath:"#/properties/idempotent/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema58.properties.idempotent.type,parentSchema:schema58.properties.idempotent,data:data29};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
if(data.idempotencyKeyHeader !== undefined){
let data30 = data.idempotencyKeyHeader;
if(typeof data30 === "string"){
if(!pattern22.test(data30)){
const err54 = {instancePath:instancePath+"/idempotencyKeyHeader",schemaPath:"#/properties/idempotencyKeyHeader/pattern",keyword:"pattern",params:{pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"},message:"must match pattern \""+"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"+"\"",schema:"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$",parentSchema:schema58.properties.idempotencyKeyHeader,data:data30};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
else {
const err55 = {instancePath:instancePath+"/idempotencyKeyHeader",schemaPath:"#/properties/idempotencyKeyHeader/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema58.properties.idempotencyKeyHeader.type,parentSchema:schema58.properties.idempotencyKeyHeader,data:data30};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
}
}
else {
const err56 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema58.type,parentSchema:schema58,data};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
validate33.errors = vErrors;
return errors === 0;
}
validate33.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};


function validate30(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate30.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
const _errs2 = errors;
let valid1 = true;
const _errs3 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing0;
if((data.type === undefined) && (missing0 = "type")){
const err0 = {};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
else {
if(data.type !== undefined){
if("event" !== data.type){
const err1 = {};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
}
}
var _valid0 = _errs3 === errors;
errors = _errs2;
if(vErrors !== null){
if(_errs2){
vErrors.length = _errs2;
}
else {
vErrors = null;
}
}
if(_valid0){
const _errs5 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.event === undefined){
const err2 = {instancePath,schemaPath:"#/allOf/0/then/required",keyword:"required",params:{missingProperty: "event"},message:"must have required property '"+"event"+"'",schema:schema48.allOf[0].then.required,parentSchema:schema48.allOf[0].then,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.http !== undefined){
const err3 = {instancePath:instancePath+"/http",schemaPath:"#/allOf/0/then/properties/http/false schema",keyword:"false schema",params:{},message:"boolean schema is false",schema:false,parentSchema:schema48.allOf[0].then.properties.http,data:data.http};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(data.auth !== undefined){
const err4 = {instancePath:instancePath+"/auth",schemaPath:"#/allOf/0/then/properties/auth/false schema",keyword:"false schema",params:{},message:"boolean schema is false",schema:false,parentSchema:schema48.allOf[0].then.properties.auth,data:data.auth};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if(data.endpoints !== undefined){
const err5 = {instancePath:instancePath+"/endpoints",schemaPath:"#/allOf/0/then/properties/endpoints/false schema",keyword:"false schema",params:{},message:"boolean schema is false",schema:false,parentSchema:schema48.allOf[0].then.properties.endpoints,data:data.endpoints};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
var _valid0 = _errs5 === errors;
valid1 = _valid0;
if(valid1){
var props0 = {};
props0.http = true;
props0.auth = true;
props0.endpoints = true;
props0.type = true;
}
}
if(!valid1){
const err6 = {instancePath,schemaPath:"#/allOf/0/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema",schema:schema48.allOf[0].if,parentSchema:schema48.allOf[0],data};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
const _errs7 = errors;
let valid4 = true;
const _errs8 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.type !== undefined){
if("http" !== data.type){
const err7 = {};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
}
var _valid1 = _errs8 === errors;
errors = _errs7;
if(vErrors !== null){
if(_errs7){
vErrors.length = _errs7;
}
else {
vErrors = null;
}
}
if(_valid1){
const _errs10 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.http === undefined){
const err8 = {instancePath,schemaPath:"#/allOf/1/then/required",keyword:"required",params:{missingProperty: "http"},message:"must have required property '"+"http"+"'",schema:schema48.allOf[1].then.required,parentSchema:schema48.allOf[1].then,data};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
if(data.event !== undefined){
const err9 = {instancePath:instancePath+"/event",schemaPath:"#/allOf/1/then/properties/event/false schema",keyword:"false schema",params:{},message:"boolean schema is false",schema:false,parentSchema:schema48.allOf[1].then.properties.event,data:data.event};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
var _valid1 = _errs10 === errors;
valid4 = _valid1;
if(valid4){
var props1 = {};
props1.event = true;
props1.type = true;
}
}
if(!valid4){
const err10 = {instancePath,schemaPath:"#/allOf/1/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema",schema:schema48.allOf[1].if,parentSchema:schema48.allOf[1],data};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
if(props0 !== true && props1 !== undefined){
if(props1 === true){
props0 = true;
}
else {
props0 = props0 || {};
Object.assign(props0, props1);
}
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.version === undefined){
const err11 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "version"},message:"must have required property '"+"version"+"'",schema:schema48.required,parentSchema:schema48,data};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
for(const key0 in data){
if(!((((((((key0 === "version") || (key0 === "type")) || (key0 === "http")) || (key0 === "event")) || (key0 === "settings")) || (key0 === "credentials")) || (key0 === "auth")) || (key0 === "endpoints"))){
const err12 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema48,data};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data.version !== undefined){
let data6 = data.version;
if(typeof data6 === "string"){
if(!pattern16.test(data6)){
const err13 = {instancePath:instancePath+"/version",schemaPath:"defs.schema.json#/$defs/semver/pattern",keyword:"pattern",params:{pattern: "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?$"},message:"must match pattern \""+"^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?$"+"\"",schema:"^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?$",parentSchema:schema49,data:data6};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
else {
const err14 = {instancePath:instancePath+"/version",schemaPath:"defs.schema.json#/$defs/semver/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema49.type,parentSchema:schema49,data:data6};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data.type !== undefined){
let data7 = data.type;
if(!((data7 === "http") || (data7 === "event"))){
const err15 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/enum",keyword:"enum",params:{allowedValues: schema48.properties.type.enum},message:"must be equal to one of the allowed values",schema:schema48.properties.type.enum,parentSchema:schema48.properties.type,data:data7};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data.http !== undefined){
if(!(validate31(data.http, {instancePath:instancePath+"/http",parentData:data,parentDataProperty:"http",rootData,dynamicAnchors}))){
{ if (vErrors === null) vErrors = validate31.errors.slice(); else for (const error of validate31.errors) vErrors.push(error); };
errors = vErrors.length;
}
}
if(data.event !== undefined){
let data9 = data.event;
if(data9 && typeof data9 == "object" && !Array.isArray(data9)){
if(data9.broker === undefined){
const err16 = {instancePath:instancePath+"/event",schemaPath:"#/$defs/event/required",keyword:"required",params:{missingProperty: "broker"},message:"must have required property '"+"broker"+"'",schema:schema54.required,parentSchema:schema54,data:data9};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
for(const key1 in data9){
if(!(key1 === "broker")){
const err17 = {instancePath:instancePath+"/event",schemaPath:"#/$defs/event/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema54,data:data9};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data9.broker !== undefined){
let data10 = data9.broker;
if(!(data10 === "rabbitmq")){
const err18 = {instancePath:instancePath+"/event/broker",schemaPath:"#/$defs/event/properties/broker/enum",keyword:"enum",params:{allowedValues: schema54.properties.broker.enum},message:"must be equal to one of the allowed values",schema:schema54.properties.broker.enum,parentSchema:schema54.properties.broker,data:data10};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
}
else {
const err19 = {instancePath:instancePath+"/event",schemaPath:"#/$defs/event/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema54.type,parentSchema:schema54,data:data9};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(data.settings !== undefined){
let data11 = data.settings;
if(data11 && typeof data11 == "object" && !Array.isArray(data11)){
if(data11.type !== undefined){
let data12 = data11.type;
if("object" !== data12){
const err20 = {instancePath:instancePath+"/settings/type",schemaPath:"defs.schema.json#/$defs/jsonSchemaObject/properties/type/const",keyword:"const",params:{allowedValue: "object"},message:"must be equal to constant",schema:"object",parentSchema:schema55.properties.type,data:data12};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
}
else {
const err21 = {instancePath:instancePath+"/settings",schemaPath:"defs.schema.json#/$defs/jsonSchemaObject/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema55.type,parentSchema:schema55,data:data11};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data.credentials !== undefined){
let data13 = data.credentials;
if(data13 && typeof data13 == "object" && !Array.isArray(data13)){
for(const key2 in data13){
const _errs29 = errors;
if(typeof key2 === "string"){
if(!pattern17.test(key2)){
const err22 = {instancePath:instancePath+"/credentials",schemaPath:"#/properties/credentials/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z][A-Za-z0-9_]*$"},message:"must match pattern \""+"^[A-Za-z][A-Za-z0-9_]*$"+"\"",schema:"^[A-Za-z][A-Za-z0-9_]*$",parentSchema:schema48.properties.credentials.propertyNames,data:key2,propertyName:key2};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
var valid13 = _errs29 === errors;
if(!valid13){
const err23 = {instancePath:instancePath+"/credentials",schemaPath:"#/properties/credentials/propertyNames",keyword:"propertyNames",params:{propertyName: key2},message:"property name must be valid",schema:schema48.properties.credentials.propertyNames,parentSchema:schema48.properties.credentials,data:data13};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
for(const key3 in data13){
let data14 = data13[key3];
if(data14 && typeof data14 == "object" && !Array.isArray(data14)){
for(const key4 in data14){
if(!((key4 === "description") || (key4 === "required"))){
const err24 = {instancePath:instancePath+"/credentials/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/$defs/credential/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties",schema:false,parentSchema:schema56,data:data14};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
if(data14.description !== undefined){
let data15 = data14.description;
if(typeof data15 !== "string"){
const err25 = {instancePath:instancePath+"/credentials/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/description",schemaPath:"#/$defs/credential/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema56.properties.description.type,parentSchema:schema56.properties.description,data:data15};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data14.required !== undefined){
let data16 = data14.required;
if(typeof data16 !== "boolean"){
const err26 = {instancePath:instancePath+"/credentials/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/required",schemaPath:"#/$defs/credential/properties/required/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema56.properties.required.type,parentSchema:schema56.properties.required,data:data16};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
}
else {
const err27 = {instancePath:instancePath+"/credentials/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/$defs/credential/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema56.type,parentSchema:schema56,data:data14};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
}
else {
const err28 = {instancePath:instancePath+"/credentials",schemaPath:"#/properties/credentials/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema48.properties.credentials.type,parentSchema:schema48.properties.credentials,data:data13};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(data.auth !== undefined){
let data17 = data.auth;
if(data17 && typeof data17 == "object" && !Array.isArray(data17)){
for(const key5 in data17){
const _errs41 = errors;
if(typeof key5 === "string"){
if(!pattern18.test(key5)){
const err29 = {instancePath:instancePath+"/auth",schemaPath:"#/properties/auth/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z][A-Za-z0-9_-]*$"},message:"must match pattern \""+"^[A-Za-z][A-Za-z0-9_-]*$"+"\"",schema:"^[A-Za-z][A-Za-z0-9_-]*$",parentSchema:schema48.properties.auth.propertyNames,data:key5,propertyName:key5};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
var valid17 = _errs41 === errors;
if(!valid17){
const err30 = {instancePath:instancePath+"/auth",schemaPath:"#/properties/auth/propertyNames",keyword:"propertyNames",params:{propertyName: key5},message:"property name must be valid",schema:schema48.properties.auth.propertyNames,parentSchema:schema48.properties.auth,data:data17};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
for(const key6 in data17){
let data18 = data17[key6];
if(data18 && typeof data18 == "object" && !Array.isArray(data18)){
if(data18.type === undefined){
const err31 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/$defs/authMethod/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'",schema:schema57.required,parentSchema:schema57,data:data18};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
const tag0 = data18.type;
if(typeof tag0 == "string"){
if(tag0 === "none"){
if(data18 && typeof data18 == "object" && !Array.isArray(data18)){
for(const key7 in data18){
if(!(key7 === "type")){
const err32 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/$defs/authMethod/oneOf/0/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties",schema:false,parentSchema:schema57.oneOf[0],data:data18};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
if(data18.type !== undefined){
let data19 = data18.type;
if("none" !== data19){
const err33 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/type",schemaPath:"#/$defs/authMethod/oneOf/0/properties/type/const",keyword:"const",params:{allowedValue: "none"},message:"must be equal to constant",schema:"none",parentSchema:schema57.oneOf[0].properties.type,data:data19};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
}
else {
const err34 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/$defs/authMethod/oneOf/0/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema57.oneOf[0].type,parentSchema:schema57.oneOf[0],data:data18};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
var props2 = true;
}
else if(tag0 === "basic"){
if(data18 && typeof data18 == "object" && !Array.isArray(data18)){
if(data18.username === undefined){
const err35 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/$defs/authMethod/oneOf/1/required",keyword:"required",params:{missingProperty: "username"},message:"must have required property '"+"username"+"'",schema:schema57.oneOf[1].required,parentSchema:schema57.oneOf[1],data:data18};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
if(data18.password === undefined){
const err36 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/$defs/authMethod/oneOf/1/required",keyword:"required",params:{missingProperty: "password"},message:"must have required property '"+"password"+"'",schema:schema57.oneOf[1].required,parentSchema:schema57.oneOf[1],data:data18};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
for(const key8 in data18){
if(!(((key8 === "type") || (key8 === "username")) || (key8 === "password"))){
const err37 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/$defs/authMethod/oneOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key8},message:"must NOT have additional properties",schema:false,parentSchema:schema57.oneOf[1],data:data18};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
if(data18.type !== undefined){
let data20 = data18.type;
if("basic" !== data20){
const err38 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/type",schemaPath:"#/$defs/authMethod/oneOf/1/properties/type/const",keyword:"const",params:{allowedValue: "basic"},message:"must be equal to constant",schema:"basic",parentSchema:schema57.oneOf[1].properties.type,data:data20};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
if(data18.username !== undefined){
let data21 = data18.username;
if(typeof data21 !== "string"){
const err39 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/username",schemaPath:"#/$defs/authMethod/oneOf/1/properties/username/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema57.oneOf[1].properties.username.type,parentSchema:schema57.oneOf[1].properties.username,data:data21};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
if(data18.password !== undefined){
let data22 = data18.password;
if(typeof data22 !== "string"){
const err40 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/password",schemaPath:"#/$defs/authMethod/oneOf/1/properties/password/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema57.oneOf[1].properties.password.type,parentSchema:schema57.oneOf[1].properties.password,data:data22};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
}
else {
const err41 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/$defs/authMethod/oneOf/1/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema57.oneOf[1].type,parentSchema:schema57.oneOf[1],data:data18};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
if(props2 !== true){
props2 = true;
}
}
else if(tag0 === "bearer"){
if(data18 && typeof data18 == "object" && !Array.isArray(data18)){
if(data18.token === undefined){
const err42 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/$defs/authMethod/oneOf/2/required",keyword:"required",params:{missingProperty: "token"},message:"must have required property '"+"token"+"'",schema:schema57.oneOf[2].required,parentSchema:schema57.oneOf[2],data:data18};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
for(const key9 in data18){
if(!((key9 === "type") || (key9 === "token"))){
const err43 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/$defs/authMethod/oneOf/2/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key9},message:"must NOT have additional properties",schema:false,parentSchema:schema57.oneOf[2],data:data18};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
if(data18.type !== undefined){
let data23 = data18.type;
if("bearer" !== data23){
const err44 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/type",schemaPath:"#/$defs/authMethod/oneOf/2/properties/type/const",keyword:"const",params:{allowedValue: "bearer"},message:"must be equal to constant",schema:"bearer",parentSchema:schema57.oneOf[2].properties.type,data:data23};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
if(data18.token !== undefined){
let data24 = data18.token;
if(typeof data24 !== "string"){
const err45 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/token",schemaPath:"#/$defs/authMethod/oneOf/2/properties/token/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema57.oneOf[2].properties.token.type,parentSchema:schema57.oneOf[2].properties.token,data:data24};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
}
else {
const err46 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/$defs/authMethod/oneOf/2/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema57.oneOf[2].type,parentSchema:schema57.oneOf[2],data:data18};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
if(props2 !== true){
props2 = true;
}
}
else if(tag0 === "apiKey"){
if(data18 && typeof data18 == "object" && !Array.isArray(data18)){
if(data18.name === undefined){
const err47 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/$defs/authMethod/oneOf/3/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema57.oneOf[3].required,parentSchema:schema57.oneOf[3],data:data18};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
if(data18.value === undefined){
const err48 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/$defs/authMethod/oneOf/3/required",keyword:"required",params:{missingProperty: "value"},message:"must have required property '"+"value"+"'",schema:schema57.oneOf[3].required,parentSchema:schema57.oneOf[3],data:data18};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
for(const key10 in data18){
if(!((((key10 === "type") || (key10 === "in")) || (key10 === "name")) || (key10 === "value"))){
const err49 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/$defs/authMethod/oneOf/3/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key10},message:"must NOT have additional properties",schema:false,parentSchema:schema57.oneOf[3],data:data18};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
if(data18.type !== undefined){
let data25 = data18.type;
if("apiKey" !== data25){
const err50 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/type",schemaPath:"#/$defs/authMethod/oneOf/3/properties/type/const",keyword:"const",params:{allowedValue: "apiKey"},message:"must be equal to constant",schema:"apiKey",parentSchema:schema57.oneOf[3].properties.type,data:data25};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
if(data18.in !== undefined){
let data26 = data18.in;
if(!((data26 === "header") || (data26 === "query"))){
const err51 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/in",schemaPath:"#/$defs/authMethod/oneOf/3/properties/in/enum",keyword:"enum",params:{allowedValues: schema57.oneOf[3].properties.in.enum},message:"must be equal to one of the allowed values",schema:schema57.oneOf[3].properties.in.enum,parentSchema:schema57.oneOf[3].properties.in,data:data26};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
if(data18.name !== undefined){
let data27 = data18.name;
if(typeof data27 === "string"){
if(func1(data27) < 1){
const err52 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/name",schemaPath:"#/$defs/authMethod/oneOf/3/properties/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema57.oneOf[3].properties.name,data:data27};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
}
else {
const err53 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/name",schemaPath:"#/$defs/authMethod/oneOf/3/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema57.oneOf[3].properties.name.type,parentSchema:schema57.oneOf[3].properties.name,data:data27};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
if(data18.value !== undefined){
let data28 = data18.value;
if(typeof data28 !== "string"){
const err54 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/value",schemaPath:"#/$defs/authMethod/oneOf/3/properties/value/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema57.oneOf[3].properties.value.type,parentSchema:schema57.oneOf[3].properties.value,data:data28};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
}
else {
const err55 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/$defs/authMethod/oneOf/3/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema57.oneOf[3].type,parentSchema:schema57.oneOf[3],data:data18};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
if(props2 !== true){
props2 = true;
}
}
else if(tag0 === "oauth2"){
const _errs76 = errors;
let valid30 = true;
const _errs77 = errors;
if(data18 && typeof data18 == "object" && !Array.isArray(data18)){
let missing1;
if((data18.grant === undefined) && (missing1 = "grant")){
const err56 = {};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
else {
if(data18.grant !== undefined){
if("refresh_token" !== data18.grant){
const err57 = {};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
}
}
}
var _valid2 = _errs77 === errors;
errors = _errs76;
if(vErrors !== null){
if(_errs76){
vErrors.length = _errs76;
}
else {
vErrors = null;
}
}
if(_valid2){
const _errs79 = errors;
if(data18 && typeof data18 == "object" && !Array.isArray(data18)){
if(data18.refreshToken === undefined){
const err58 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/$defs/authMethod/oneOf/4/then/required",keyword:"required",params:{missingProperty: "refreshToken"},message:"must have required property '"+"refreshToken"+"'",schema:schema57.oneOf[4].then.required,parentSchema:schema57.oneOf[4].then,data:data18};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
}
var _valid2 = _errs79 === errors;
valid30 = _valid2;
}
if(!valid30){
const err59 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/$defs/authMethod/oneOf/4/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema",schema:schema57.oneOf[4].if,parentSchema:schema57.oneOf[4],data:data18};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
if(data18 && typeof data18 == "object" && !Array.isArray(data18)){
if(data18.grant === undefined){
const err60 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/$defs/authMethod/oneOf/4/required",keyword:"required",params:{missingProperty: "grant"},message:"must have required property '"+"grant"+"'",schema:schema57.oneOf[4].required,parentSchema:schema57.oneOf[4],data:data18};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
if(data18.tokenUrl === undefined){
const err61 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/$defs/authMethod/oneOf/4/required",keyword:"required",params:{missingProperty: "tokenUrl"},message:"must have required property '"+"tokenUrl"+"'",schema:schema57.oneOf[4].required,parentSchema:schema57.oneOf[4],data:data18};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
if(data18.clientId === undefined){
const err62 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/$defs/authMethod/oneOf/4/required",keyword:"required",params:{missingProperty: "clientId"},message:"must have required property '"+"clientId"+"'",schema:schema57.oneOf[4].required,parentSchema:schema57.oneOf[4],data:data18};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
for(const key11 in data18){
if(!(((((((key11 === "type") || (key11 === "grant")) || (key11 === "tokenUrl")) || (key11 === "clientId")) || (key11 === "clientSecret")) || (key11 === "refreshToken")) || (key11 === "scopes"))){
const err63 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/$defs/authMethod/oneOf/4/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key11},message:"must NOT have additional properties",schema:false,parentSchema:schema57.oneOf[4],data:data18};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
}
if(data18.type !== undefined){
let data30 = data18.type;
if("oauth2" !== data30){
const err64 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/type",schemaPath:"#/$defs/authMethod/oneOf/4/properties/type/const",keyword:"const",params:{allowedValue: "oauth2"},message:"must be equal to constant",schema:"oauth2",parentSchema:schema57.oneOf[4].properties.type,data:data30};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
}
if(data18.grant !== undefined){
let data31 = data18.grant;
if(!((data31 === "client_credentials") || (data31 === "refresh_token"))){
const err65 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/grant",schemaPath:"#/$defs/authMethod/oneOf/4/properties/grant/enum",keyword:"enum",params:{allowedValues: schema57.oneOf[4].properties.grant.enum},message:"must be equal to one of the allowed values",schema:schema57.oneOf[4].properties.grant.enum,parentSchema:schema57.oneOf[4].properties.grant,data:data31};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
}
if(data18.tokenUrl !== undefined){
let data32 = data18.tokenUrl;
if(typeof data32 === "string"){
if(func1(data32) < 1){
const err66 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/tokenUrl",schemaPath:"#/$defs/authMethod/oneOf/4/properties/tokenUrl/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema57.oneOf[4].properties.tokenUrl,data:data32};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
}
else {
const err67 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/tokenUrl",schemaPath:"#/$defs/authMethod/oneOf/4/properties/tokenUrl/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema57.oneOf[4].properties.tokenUrl.type,parentSchema:schema57.oneOf[4].properties.tokenUrl,data:data32};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
}
if(data18.clientId !== undefined){
let data33 = data18.clientId;
if(typeof data33 !== "string"){
const err68 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/clientId",schemaPath:"#/$defs/authMethod/oneOf/4/properties/clientId/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema57.oneOf[4].properties.clientId.type,parentSchema:schema57.oneOf[4].properties.clientId,data:data33};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
}
if(data18.clientSecret !== undefined){
let data34 = data18.clientSecret;
if(typeof data34 !== "string"){
const err69 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/clientSecret",schemaPath:"#/$defs/authMethod/oneOf/4/properties/clientSecret/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema57.oneOf[4].properties.clientSecret.type,parentSchema:schema57.oneOf[4].properties.clientSecret,data:data34};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
}
if(data18.refreshToken !== undefined){
let data35 = data18.refreshToken;
if(typeof data35 !== "string"){
const err70 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/refreshToken",schemaPath:"#/$defs/authMethod/oneOf/4/properties/refreshToken/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema57.oneOf[4].properties.refreshToken.type,parentSchema:schema57.oneOf[4].properties.refreshToken,data:data35};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
}
if(data18.scopes !== undefined){
let data36 = data18.scopes;
if(Array.isArray(data36)){
const len0 = data36.length;
for(let i0=0; i0<len0; i0++){
let data37 = data36[i0];
if(typeof data37 !== "string"){
const err71 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/scopes/" + i0,schemaPath:"#/$defs/authMethod/oneOf/4/properties/scopes/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema57.oneOf[4].properties.scopes.items.type,parentSchema:schema57.oneOf[4].properties.scopes.items,data:data37};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
}
}
else {
const err72 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/scopes",schemaPath:"#/$defs/authMethod/oneOf/4/properties/scopes/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema57.oneOf[4].properties.scopes.type,parentSchema:schema57.oneOf[4].properties.scopes,data:data36};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
}
}
else {
const err73 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/$defs/authMethod/oneOf/4/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema57.oneOf[4].type,parentSchema:schema57.oneOf[4],data:data18};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
if(props2 !== true){
props2 = true;
}
}
else {
const err74 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/$defs/authMethod/discriminator",keyword:"discriminator",params:{error: "mapping", tag: "type", tagValue: tag0},message:"value of tag \"type\" must be in oneOf",schema:schema57.discriminator,parentSchema:schema57,data:data18};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
}
else {
const err75 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/$defs/authMethod/discriminator",keyword:"discriminator",params:{error: "tag", tag: "type", tagValue: tag0},message:"tag \"type\" must be string",schema:schema57.discriminator,parentSchema:schema57,data:data18};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
}
else {
const err76 = {instancePath:instancePath+"/auth/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/$defs/authMethod/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema57.type,parentSchema:schema57,data:data18};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
}
}
else {
const err77 = {instancePath:instancePath+"/auth",schemaPath:"#/properties/auth/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema48.properties.auth.type,parentSchema:schema48.properties.auth,data:data17};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
}
if(data.endpoints !== undefined){
let data38 = data.endpoints;
if(data38 && typeof data38 == "object" && !Array.isArray(data38)){
for(const key12 in data38){
const _errs97 = errors;
if(typeof key12 === "string"){
if(!pattern18.test(key12)){
const err78 = {instancePath:instancePath+"/endpoints",schemaPath:"#/properties/endpoints/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z][A-Za-z0-9_-]*$"},message:"must match pattern \""+"^[A-Za-z][A-Za-z0-9_-]*$"+"\"",schema:"^[A-Za-z][A-Za-z0-9_-]*$",parentSchema:schema48.properties.endpoints.propertyNames,data:key12,propertyName:key12};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
}
var valid35 = _errs97 === errors;
if(!valid35){
const err79 = {instancePath:instancePath+"/endpoints",schemaPath:"#/properties/endpoints/propertyNames",keyword:"propertyNames",params:{propertyName: key12},message:"property name must be valid",schema:schema48.properties.endpoints.propertyNames,parentSchema:schema48.properties.endpoints,data:data38};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
}
for(const key13 in data38){
if(!(validate33(data38[key13], {instancePath:instancePath+"/endpoints/" + key13.replace(/~/g, "~0").replace(/\//g, "~1"),parentData:data38,parentDataProperty:key13,rootData,dynamicAnchors}))){
{ if (vErrors === null) vErrors = validate33.errors.slice(); else for (const error of validate33.errors) vErrors.push(error); };
errors = vErrors.length;
}
}
}
else {
const err80 = {instancePath:instancePath+"/endpoints",schemaPath:"#/properties/endpoints/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema48.properties.endpoints.type,parentSchema:schema48.properties.endpoints,data:data38};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
}
}
else {
const err81 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema48.type,parentSchema:schema48,data};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
validate30.errors = vErrors;
return errors === 0;
}
validate30.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};


function validate27(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
/*# sourceURL="https://weft.dev/schemas/v1/connector.schema.json" */;
let vErrors = null;
let errors = 0;
const evaluated0 = validate27.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.apiVersion === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "apiVersion"},message:"must have required property '"+"apiVersion"+"'",schema:schema43.required,parentSchema:schema43,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.kind === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'",schema:schema43.required,parentSchema:schema43,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.metadata === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "metadata"},message:"must have required property '"+"metadata"+"'",schema:schema43.required,parentSchema:schema43,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.spec === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "spec"},message:"must have required property '"+"spec"+"'",schema:schema43.required,parentSchema:schema43,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "apiVersion") || (key0 === "kind")) || (key0 === "metadata")) || (key0 === "spec"))){
const err4 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema43,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.apiVersion !== undefined){
let data0 = data.apiVersion;
if("weft/v1" !== data0){
const err5 = {instancePath:instancePath+"/apiVersion",schemaPath:"defs.schema.json#/$defs/apiVersion/const",keyword:"const",params:{allowedValue: "weft/v1"},message:"must be equal to constant",schema:"weft/v1",parentSchema:schema33,data:data0};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.kind !== undefined){
let data1 = data.kind;
if("Connector" !== data1){
const err6 = {instancePath:instancePath+"/kind",schemaPath:"#/properties/kind/const",keyword:"const",params:{allowedValue: "Connector"},message:"must be equal to constant",schema:"Connector",parentSchema:schema43.properties.kind,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.metadata !== undefined){
if(!(validate28(data.metadata, {instancePath:instancePath+"/metadata",parentData:data,parentDataProperty:"metadata",rootData,dynamicAnchors}))){
{ if (vErrors === null) vErrors = validate28.errors.slice(); else for (const error of validate28.errors) vErrors.push(error); };
errors = vErrors.length;
}
}
if(data.spec !== undefined){
if(!(validate30(data.spec, {instancePath:instancePath+"/spec",parentData:data,parentDataProperty:"spec",rootData,dynamicAnchors}))){
{ if (vErrors === null) vErrors = validate30.errors.slice(); else for (const error of validate30.errors) vErrors.push(error); };
errors = vErrors.length;
}
}
}
else {
const err7 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema43.type,parentSchema:schema43,data};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
validate27.errors = vErrors;
return errors === 0;
}
validate27.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

export const instance = validate36;
const schema63 = {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://weft.dev/schemas/v1/instance.schema.json","title":"Instance","description":"One configured use of a connector: its settings and its credentials.","type":"object","properties":{"apiVersion":{"$ref":"defs.schema.json#/$defs/apiVersion"},"kind":{"description":"Always 'Instance'.","const":"Instance"},"metadata":{"$ref":"defs.schema.json#/$defs/metadata"},"spec":{"title":"InstanceSpec","description":"The instance's connector, settings and credentials.","type":"object","properties":{"connector":{"description":"The connector's name, optionally with a semver range: shopify or shopify@^1.2.","type":"string","pattern":"^[a-z][a-z0-9-]{0,62}(@[^@]+)?$"},"auth":{"description":"One of the connector's auth methods. Default: the connector's first.","type":"string"},"settings":{"description":"Settings, validated against the connector's settings schema.","type":"object","default":{}},"credentials":{"description":"Credentials by name, each exactly one placeholder (${secret:...} or ${env:...}); never a literal.","type":"object","additionalProperties":{"$ref":"defs.schema.json#/$defs/placeholder"},"default":{}}},"required":["connector"],"additionalProperties":false}},"required":["apiVersion","kind","metadata","spec"],"additionalProperties":false};

function validate37(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate37.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.name === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema34.required,parentSchema:schema34,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "name") || (key0 === "description")) || (key0 === "labels")) || (key0 === "previousNames"))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema34,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.name !== undefined){
let data0 = data.name;
if(typeof data0 === "string"){
if(!pattern4.test(data0)){
const err2 = {instancePath:instancePath+"/name",schemaPath:"#/$defs/name/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,62}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,62}$"+"\"",schema:"^[a-z][a-z0-9-]{0,62}$",parentSchema:schema35,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
else {
const err3 = {instancePath:instancePath+"/name",schemaPath:"#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.type,parentSchema:schema35,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.description !== undefined){
let data1 = data.description;
if(typeof data1 !== "string"){
const err4 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema34.properties.description.type,parentSchema:schema34.properties.description,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.labels !== undefined){
let data2 = data.labels;
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
for(const key1 in data2){
const _errs9 = errors;
if(typeof key1 === "string"){
if(!pattern5.test(key1)){
const err5 = {instancePath:instancePath+"/labels",schemaPath:"#/properties/labels/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._/-]{0,62}$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._/-]{0,62}$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9._/-]{0,62}$",parentSchema:schema34.properties.labels.propertyNames,data:key1,propertyName:key1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
var valid2 = _errs9 === errors;
if(!valid2){
const err6 = {instancePath:instancePath+"/labels",schemaPath:"#/properties/labels/propertyNames",keyword:"propertyNames",params:{propertyName: key1},message:"property name must be valid",schema:schema34.properties.labels.propertyNames,parentSchema:schema34.properties.labels,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
for(const key2 in data2){
let data3 = data2[key2];
if(typeof data3 !== "string"){
const err7 = {instancePath:instancePath+"/labels/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/labels/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema34.properties.labels.additionalProperties.type,parentSchema:schema34.properties.labels.additionalProperties,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
}
else {
const err8 = {instancePath:instancePath+"/labels",schemaPath:"#/properties/labels/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema34.properties.labels.type,parentSchema:schema34.properties.labels,data:data2};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.previousNames !== undefined){
let data4 = data.previousNames;
if(Array.isArray(data4)){
const len0 = data4.length;
for(let i0=0; i0<len0; i0++){
let data5 = data4[i0];
if(typeof data5 !== "string"){
const err9 = {instancePath:instancePath+"/previousNames/" + i0,schemaPath:"#/properties/previousNames/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema34.properties.previousNames.items.type,parentSchema:schema34.properties.previousNames.items,data:data5};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if(typeof data5 === "string"){
if(!pattern4.test(data5)){
const err10 = {instancePath:instancePath+"/previousNames/" + i0,schemaPath:"#/$defs/name/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,62}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,62}$"+"\"",schema:"^[a-z][a-z0-9-]{0,62}$",parentSchema:schema35,data:data5};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
else {
const err11 = {instancePath:instancePath+"/previousNames/" + i0,schemaPath:"#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.type,parentSchema:schema35,data:data5};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
let i1 = data4.length;
let j0;
if(i1 > 1){
const indices0 = {};
for(;i1--;){
let item0 = data4[i1];
if(typeof item0 !== "string"){
continue;
}
if(typeof indices0[item0] == "number"){
j0 = indices0[item0];
const err12 = {instancePath:instancePath+"/previousNames",schemaPath:"#/properties/previousNames/uniqueItems",keyword:"uniqueItems",params:{i: i1, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i1+" are identical)",schema:true,parentSchema:schema34.properties.previousNames,data:data4};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
break;
}
indices0[item0] = i1;
}
}
}
else {
const err13 = {instancePath:instancePath+"/previousNames",schemaPath:"#/properties/previousNames/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema34.properties.previousNames.type,parentSchema:schema34.properties.previousNames,data:data4};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
}
else {
const err14 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema34.type,parentSchema:schema34,data};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
validate37.errors = vErrors;
return errors === 0;
}
validate37.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

const pattern26 = new RegExp("^[a-z][a-z0-9-]{0,62}(@[^@]+)?$", "u");

function validate36(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
/*# sourceURL="https://weft.dev/schemas/v1/instance.schema.json" */;
let vErrors = null;
let errors = 0;
const evaluated0 = validate36.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.apiVersion === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "apiVersion"},message:"must have required property '"+"apiVersion"+"'",schema:schema63.required,parentSchema:schema63,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.kind === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'",schema:schema63.required,parentSchema:schema63,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.metadata === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "metadata"},message:"must have required property '"+"metadata"+"'",schema:schema63.required,parentSchema:schema63,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.spec === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "spec"},message:"must have required property '"+"spec"+"'",schema:schema63.required,parentSchema:schema63,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "apiVersion") || (key0 === "kind")) || (key0 === "metadata")) || (key0 === "spec"))){
const err4 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema63,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.apiVersion !== undefined){
let data0 = data.apiVersion;
if("weft/v1" !== data0){
const err5 = {instancePath:instancePath+"/apiVersion",schemaPath:"defs.schema.json#/$defs/apiVersion/const",keyword:"const",params:{allowedValue: "weft/v1"},message:"must be equal to constant",schema:"weft/v1",parentSchema:schema33,data:data0};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.kind !== undefined){
let data1 = data.kind;
if("Instance" !== data1){
const err6 = {instancePath:instancePath+"/kind",schemaPath:"#/properties/kind/const",keyword:"const",params:{allowedValue: "Instance"},message:"must be equal to constant",schema:"Instance",parentSchema:schema63.properties.kind,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.metadata !== undefined){
if(!(validate37(data.metadata, {instancePath:instancePath+"/metadata",parentData:data,parentDataProperty:"metadata",rootData,dynamicAnchors}))){
{ if (vErrors === null) vErrors = validate37.errors.slice(); else for (const error of validate37.errors) vErrors.push(error); };
errors = vErrors.length;
}
}
if(data.spec !== undefined){
let data3 = data.spec;
if(data3 && typeof data3 == "object" && !Array.isArray(data3)){
if(data3.connector === undefined){
const err7 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/required",keyword:"required",params:{missingProperty: "connector"},message:"must have required property '"+"connector"+"'",schema:schema63.properties.spec.required,parentSchema:schema63.properties.spec,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
for(const key1 in data3){
if(!((((key1 === "connector") || (key1 === "auth")) || (key1 === "settings")) || (key1 === "credentials"))){
const err8 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema63.properties.spec,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data3.connector !== undefined){
let data4 = data3.connector;
if(typeof data4 === "string"){
if(!pattern26.test(data4)){
const err9 = {instancePath:instancePath+"/spec/connector",schemaPath:"#/properties/spec/properties/connector/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,62}(@[^@]+)?$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,62}(@[^@]+)?$"+"\"",schema:"^[a-z][a-z0-9-]{0,62}(@[^@]+)?$",parentSchema:schema63.properties.spec.properties.connector,data:data4};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
else {
const err10 = {instancePath:instancePath+"/spec/connector",schemaPath:"#/properties/spec/properties/connector/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema63.properties.spec.properties.connector.type,parentSchema:schema63.properties.spec.properties.connector,data:data4};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data3.auth !== undefined){
let data5 = data3.auth;
if(typeof data5 !== "string"){
const err11 = {instancePath:instancePath+"/spec/auth",schemaPath:"#/properties/spec/properties/auth/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema63.properties.spec.properties.auth.type,parentSchema:schema63.properties.spec.properties.auth,data:data5};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data3.settings !== undefined){
let data6 = data3.settings;
if(!(data6 && typeof data6 == "object" && !Array.isArray(data6))){
const err12 = {instancePath:instancePath+"/spec/settings",schemaPath:"#/properties/spec/properties/settings/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema63.properties.spec.properties.settings.type,parentSchema:schema63.properties.spec.properties.settings,data:data6};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data3.credentials !== undefined){
let data7 = data3.credentials;
if(data7 && typeof data7 == "object" && !Array.isArray(data7)){
for(const key2 in data7){
let data8 = data7[key2];
if(typeof data8 !== "string"){
const err13 = {instancePath:instancePath+"/spec/credentials/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"defs.schema.json#/$defs/placeholder/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema38.type,parentSchema:schema38,data:data8};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
}
else {
const err14 = {instancePath:instancePath+"/spec/credentials",schemaPath:"#/properties/spec/properties/credentials/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema63.properties.spec.properties.credentials.type,parentSchema:schema63.properties.spec.properties.credentials,data:data7};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
}
else {
const err15 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema63.properties.spec.type,parentSchema:schema63.properties.spec,data:data3};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
}
else {
const err16 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema63.type,parentSchema:schema63,data};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
validate36.errors = vErrors;
return errors === 0;
}
validate36.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

export const flow = validate39;
const schema69 = {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://weft.dev/schemas/v1/flow.schema.json","title":"Flow","description":"A process flow: a trigger and the steps records flow through.","type":"object","properties":{"apiVersion":{"$ref":"defs.schema.json#/$defs/apiVersion"},"kind":{"description":"Always 'Flow'.","const":"Flow"},"metadata":{"$ref":"defs.schema.json#/$defs/metadata"},"spec":{"$ref":"#/$defs/flowSpec"}},"required":["apiVersion","kind","metadata","spec"],"additionalProperties":false,"$defs":{"flowSpec":{"title":"FlowSpec","description":"When the flow runs and what it does.","type":"object","properties":{"enabled":{"description":"A disabled flow is deployed but never triggered.","type":"boolean","default":true},"concurrency":{"description":"At most this many runs of the flow at once.","type":"integer","minimum":1,"maximum":64,"default":1},"onError":{"description":"What a run does when a record fails: 'continue' with the rest (the run is partial) or 'stop'.","enum":["continue","stop"],"default":"continue"},"variables":{"description":"The flow's variables, by name, with their values: read as $vars.name in JSONata and {{vars.name}} in templates. An environment's overlay may patch them.","type":"object","propertyNames":{"pattern":"^[A-Za-z_][A-Za-z0-9_]{0,62}$"},"additionalProperties":true},"trigger":{"$ref":"#/$defs/trigger"},"steps":{"$ref":"#/$defs/steps","description":"Steps in order; records flow through them."}},"required":["trigger","steps"],"additionalProperties":false},"trigger":{"title":"Trigger","description":"Exactly one of schedule, webhook, event or manual.","type":"object","properties":{"schedule":{"title":"ScheduleTrigger","description":"Run on a cron schedule.","type":"object","properties":{"cron":{"description":"A cron expression (5 or 6 fields).","type":"string"},"timezone":{"description":"IANA time zone of the schedule.","type":"string","default":"UTC"}},"required":["cron"],"additionalProperties":false},"webhook":{"title":"WebhookTrigger","description":"Run on POST /hooks/<path>; the body is the first record.","type":"object","properties":{"path":{"description":"Path below /hooks/, unique across flows.","type":"string","pattern":"^[a-z0-9][a-z0-9/_-]{0,127}$"},"hmac":{"title":"WebhookHmac","description":"Verify an HMAC signature of the raw body.","type":"object","properties":{"header":{"description":"Header carrying the signature.","type":"string","minLength":1},"secret":{"$ref":"defs.schema.json#/$defs/placeholder","description":"Signing secret, as a placeholder."},"algorithm":{"description":"HMAC hash.","enum":["sha256","sha1","sha512"],"default":"sha256"},"encoding":{"description":"Encoding of the signature in the header.","enum":["hex","base64"],"default":"hex"},"prefix":{"description":"Text before the signature in the header, such as 'sha256='.","type":"string"},"signedPayload":{"description":"What the signature covers: '{body}' (the raw body, the default), or a template over '{timestamp}' (the timestamp header's value) and '{body}', such as '{timestamp}.{body}' (Stripe) or 'v0:{timestamp}:{body}' (Slack).","type":"string","pattern":"^[^{}]*(\\{timestamp\\}[^{}]*)?\\{body\\}[^{}]*$|^[^{}]*\\{body\\}[^{}]*\\{timestamp\\}[^{}]*$","default":"{body}"},"timestampHeader":{"description":"Header carrying the time the request was sent (Unix seconds or ISO 8601); a request outside toleranceSeconds of the engine's clock is refused with 401.","type":"string","minLength":1},"toleranceSeconds":{"description":"How far the timestamp header may be from the engine's clock.","type":"integer","minimum":1,"maximum":86400,"default":300},"deliveryIdHeader":{"description":"Header carrying the sender's delivery id (X-Shopify-Webhook-Id, X-GitHub-Delivery): a delivery seen within replayWindowSeconds is answered 200 { duplicate: true, run } without a new run.","type":"string","minLength":1},"replayWindowSeconds":{"description":"How long a delivery id is remembered.","type":"integer","minimum":60,"maximum":2592000,"default":86400}},"required":["header","secret"],"additionalProperties":false},"maxBodyBytes":{"description":"Largest body accepted.","type":"integer","minimum":1,"maximum":104857600,"default":1048576},"public":{"description":"Anyone may start a run: without hmac, say so here (else weft validate warns 'unsigned-webhook').","type":"boolean","default":false}},"required":["path"],"additionalProperties":false},"event":{"title":"EventTrigger","description":"Run for each message from a queue of an event instance.","type":"object","properties":{"instance":{"$ref":"defs.schema.json#/$defs/name","description":"An event instance."},"queue":{"description":"Queue to consume (it must exist, with a dead-letter exchange). AMQP names: letters, digits, '-', '_', '.', ':'.","type":"string","minLength":1,"maxLength":255,"pattern":"^[A-Za-z0-9_.:-]+$"},"maxAttempts":{"description":"Runs of one message before it is rejected to the queue's dead-letter exchange.","type":"integer","minimum":1,"maximum":100,"default":3}},"required":["instance","queue"],"additionalProperties":false},"manual":{"title":"ManualTrigger","description":"Run only when asked (weft run, the admin API).","type":"object","additionalProperties":false}},"additionalProperties":false,"oneOf":[{"required":["schedule"]},{"required":["webhook"]},{"required":["event"]},{"required":["manual"]}]},"steps":{"title":"Steps","description":"Steps in order; records flow through them.","type":"array","items":{"$ref":"#/$defs/step"},"minItems":1},"step":{"title":"Step","description":"One step: exactly one of receive, filter, map, send, publish, route, branch, try, dedupe, cache, split, batch, notify, run or enrich.","type":"object","properties":{"id":{"description":"The step's id, unique within the flow.","type":"string","pattern":"^[a-z][a-z0-9-]{0,62}$"},"description":{"description":"What the step is for, for people reading the flow.","type":"string"},"receive":{"$ref":"#/$defs/endpointCall","description":"Fetch records from an endpoint of an http instance (pages are streamed)."},"filter":{"description":"A JSONata expression per record; a truthy result keeps the record.","type":"string","minLength":1},"map":{"description":"A JSONata expression per record; its result replaces the record.","type":"string","minLength":1},"send":{"$ref":"#/$defs/endpointCall","description":"Send each record to an endpoint of an http instance."},"publish":{"$ref":"#/$defs/publish"},"route":{"$ref":"#/$defs/route"},"branch":{"$ref":"#/$defs/branch"},"try":{"$ref":"#/$defs/try"},"dedupe":{"$ref":"#/$defs/dedupe"},"cache":{"$ref":"#/$defs/cache"},"split":{"$ref":"#/$defs/split"},"batch":{"$ref":"#/$defs/batch"},"notify":{"$ref":"#/$defs/notify"},"run":{"$ref":"#/$defs/runFlow"},"enrich":{"$ref":"#/$defs/enrich"},"limits":{"title":"ExpressionLimits","description":"Bounds on each evaluation of the step's JSONata expression (filter, map), for one record: a record that exceeds one fails with an error naming it. Without them: depth 5000; and for an expression that can run away (one that defines functions, applies them partially, builds ranges or calls $eval) 2000 ms and sequences of 100,000 items, and an evaluation that grows the engine's heap by over 512 MiB is stopped whatever the limits.","type":"object","properties":{"timeoutMs":{"description":"Time one evaluation may take, in milliseconds (default 2000).","type":"integer","minimum":1,"maximum":60000},"maxDepth":{"description":"How deeply evaluation may nest (default 5000); recursion that is not in tail position deepens it by a few levels a call.","type":"integer","minimum":10,"maximum":100000},"maxSequence":{"description":"Items in any one sequence, ranges such as [1..n] included (default 100000).","type":"integer","minimum":1,"maximum":10000000}},"additionalProperties":false}},"required":["id"],"additionalProperties":false,"oneOf":[{"required":["receive"]},{"required":["filter"]},{"required":["map"]},{"required":["send"]},{"required":["publish"]},{"required":["route"]},{"required":["branch"]},{"required":["try"]},{"required":["dedupe"]},{"required":["cache"]},{"required":["split"]},{"required":["batch"]},{"required":["notify"]},{"required":["run"]},{"required":["enrich"]}]},"listName":{"description":"A name, unique among its siblings: it is part of the path of the steps inside (by-region/uk/push).","type":"string","pattern":"^[a-z][a-z0-9-]{0,62}$"},"duration":{"description":"A duration: a whole number of seconds, minutes, hours, days or weeks (30s, 15m, 12h, 90d, 2w).","type":"string","pattern":"^[1-9][0-9]{0,5}(s|m|h|d|w)$"},"route":{"title":"Route","description":"Send each record down every route whose condition holds, or down 'otherwise' when none does (a record no route takes, without otherwise, goes no further). Routes run side by side, independently; the records coming out of their ends go on to the next step.","type":"object","properties":{"routes":{"description":"The routes, each with a name, a condition and its steps.","type":"array","minItems":1,"items":{"title":"RouteCase","type":"object","properties":{"name":{"$ref":"#/$defs/listName"},"when":{"description":"A JSONata condition per record; truthy sends the record down this route.","type":"string","minLength":1},"steps":{"$ref":"#/$defs/steps"}},"required":["name","when","steps"],"additionalProperties":false}},"otherwise":{"$ref":"#/$defs/steps","description":"Steps for the records no route's condition took."}},"required":["routes"],"additionalProperties":false},"branch":{"title":"Branch","description":"Send every record down each branch, one branch after the other; the records coming out of their ends go on to the next step.","type":"array","minItems":1,"items":{"title":"BranchCase","type":"object","properties":{"name":{"$ref":"#/$defs/listName"},"steps":{"$ref":"#/$defs/steps"}},"required":["name","steps"],"additionalProperties":false}},"try":{"title":"Try","description":"Records that fail inside 'steps' (a send refused, an expression that throws) go to the 'catch' steps instead of the run's failed records, with $error ({ step, message, status }) to read. What comes out of both goes on; a record that fails in 'catch' is a failed record.","type":"object","properties":{"steps":{"$ref":"#/$defs/steps"},"catch":{"$ref":"#/$defs/steps","description":"Steps for the records that failed, with $error."}},"required":["steps","catch"],"additionalProperties":false},"dedupe":{"title":"Dedupe","description":"Drop records whose key was seen within the window, and remember the keys of the records passed on (kept in the engine's store across runs and restarts). Two runs at once never both pass a key; a record that fails later gives its key back.","type":"object","properties":{"key":{"description":"A JSONata expression per record: its key (a non-empty string or a number).","type":"string","minLength":1},"mode":{"description":"'filter' drops records seen before, 'track' remembers keys and drops nothing, 'filter-and-track' does both.","enum":["filter","track","filter-and-track"],"default":"filter-and-track"},"window":{"$ref":"#/$defs/duration","description":"How long a key is remembered.","default":"90d"},"pool":{"description":"A named pool of keys shared by every flow naming it; without one, the keys are this step's own.","type":"string","pattern":"^[a-z][a-z0-9-]{0,62}$"}},"required":["key"],"additionalProperties":false},"split":{"title":"Split","description":"Turn each record into the items of an array it holds (each item a record); the record they came from is readable as $parent in later expressions.","type":"object","properties":{"items":{"description":"A JSONata expression per record: its items (an array field such as 'lines'; a single value is one item, nothing is none).","type":"string","minLength":1},"parent":{"description":"A field of each item to copy the whole record into.","type":"string","pattern":"^[A-Za-z_][A-Za-z0-9_-]{0,62}$"}},"required":["items"],"additionalProperties":false},"batch":{"title":"Batch","description":"Group records into batches of at most 'size' (records of one key together, with 'key'); each batch goes on as one record, the list of its records, so a bulk endpoint's body can be {{record}}. $batch ({ key, size }) is readable in later expressions. A batch that fails keeps each of its records as a failed record at this step. Batches never span the run's chunks (which hold at least 'size' records), so records a filter left few of make smaller batches.","type":"object","properties":{"size":{"description":"Records per batch at most.","type":"integer","minimum":1,"maximum":10000},"key":{"description":"A JSONata expression per record: records with the same key are batched together.","type":"string","minLength":1}},"required":["size"],"additionalProperties":false},"enrich":{"title":"Enrich","description":"Call an endpoint of an http instance for each record and put its JSON answer (or what 'select' makes of it) into a field of the record. Requests that are the same within a run share one call; secret values an API echoes are replaced by their placeholders.","type":"object","properties":{"instance":{"$ref":"defs.schema.json#/$defs/name","description":"The instance to call."},"endpoint":{"description":"One of its connector's endpoints (a GET, usually).","type":"string","minLength":1},"input":{"$ref":"defs.schema.json#/$defs/scalarMap","description":"Values of the endpoint's inputs; templates may use {{record.x}}, {{run.x}} and {{vars.x}}."},"into":{"description":"The record's field the answer goes into.","type":"string","pattern":"^[A-Za-z_][A-Za-z0-9_-]{0,62}$"},"select":{"description":"A JSONata expression over the answer ($record is the record): what goes into the field.","type":"string","minLength":1},"missing":{"description":"A 404: 'fail' the record, 'keep' it as it is, or 'drop' it.","enum":["fail","keep","drop"],"default":"fail"},"concurrency":{"description":"Calls in flight at once.","type":"integer","minimum":1,"maximum":64,"default":4}},"required":["instance","endpoint","into"],"additionalProperties":false},"runFlow":{"title":"RunFlow","description":"Pass the records to another flow as its input: a child run per chunk of records, recorded and linked to this run. With wait (the default) the step waits for the child run: one that fails fails these records; otherwise they go on unchanged.","type":"object","properties":{"flow":{"$ref":"defs.schema.json#/$defs/name","description":"The flow to run (its own trigger is not used)."},"wait":{"description":"Wait for the child run's end before the records go on.","type":"boolean","default":true}},"required":["flow"],"additionalProperties":false},"notify":{"title":"Notify","description":"When the run ends with a status 'on' names, post the run's summary as the record of an instance's endpoint (a chat webhook, say): { flow, run, status, records: { in, out, failed }, failures (the first five: step, error), error, message (one sentence) }. Without an instance, the message goes to the engine's log. Records pass through unchanged; a notification that cannot be posted is logged and does not change the run's status.","type":"object","properties":{"on":{"description":"The run endings to notify: failure (the run failed), partial (records failed), success, always.","type":"array","items":{"enum":["failure","partial","success","always"]},"minItems":1,"uniqueItems":true,"default":["failure"]},"instance":{"$ref":"defs.schema.json#/$defs/name","description":"An http instance to post to."},"endpoint":{"description":"Its endpoint; its body templates read the summary as {{record.message}}, {{record.status}}, ….","type":"string","minLength":1},"input":{"$ref":"defs.schema.json#/$defs/scalarMap","description":"Values of the endpoint's inputs (templates may use {{run.x}}, {{record.x}}, {{vars.x}})."}},"additionalProperties":false},"cache":{"title":"Cache","description":"Store records (or a value) under a key, or read stored values into records: entries kept in the engine's store per run, flow or project until their TTL.","type":"object","properties":{"put":{"title":"CachePut","description":"Store each record (or the value of 'value') under its key; records go on unchanged.","type":"object","properties":{"key":{"description":"A JSONata expression per record: the entry's key (a non-empty string or a number).","type":"string","minLength":1},"value":{"description":"A JSONata expression per record: what to store (the record when absent).","type":"string","minLength":1},"name":{"description":"The cache's name, within its scope.","type":"string","pattern":"^[a-z][a-z0-9-]{0,62}$","default":"default"},"scope":{"description":"Whose entries: this run's, this flow's, or the whole project's.","enum":["run","flow","project"],"default":"flow"},"ttl":{"$ref":"#/$defs/duration","description":"How long an entry is kept.","default":"7d"},"maxEntries":{"description":"Entries the cache may hold (not expired); a put beyond it fails its records, saying the cache is full.","type":"integer","minimum":1,"maximum":10000000,"default":100000}},"required":["key"],"additionalProperties":false},"get":{"title":"CacheGet","description":"Read the entry of each record's key into a field of the record.","type":"object","properties":{"key":{"description":"A JSONata expression per record: the key to read.","type":"string","minLength":1},"into":{"description":"The record's field the value goes into.","type":"string","pattern":"^[A-Za-z_][A-Za-z0-9_-]{0,62}$"},"name":{"description":"The cache's name, within its scope.","type":"string","pattern":"^[a-z][a-z0-9-]{0,62}$","default":"default"},"scope":{"description":"Whose entries: this run's, this flow's, or the whole project's.","enum":["run","flow","project"],"default":"flow"},"missing":{"description":"A record whose key has no entry: 'keep' it as it is, 'drop' it, or 'fail' it.","enum":["keep","drop","fail"],"default":"keep"}},"required":["key","into"],"additionalProperties":false}},"minProperties":1,"maxProperties":1,"additionalProperties":false},"endpointCall":{"title":"EndpointCall","description":"A call to an endpoint of an instance.","type":"object","properties":{"instance":{"$ref":"defs.schema.json#/$defs/name","description":"The instance to call."},"endpoint":{"description":"One of its connector's endpoints.","type":"string","minLength":1},"input":{"$ref":"defs.schema.json#/$defs/scalarMap","description":"Values of the endpoint's inputs; templates may use {{run.x}} (and {{record.x}} in send)."},"concurrency":{"description":"Requests in flight at once (send).","type":"integer","minimum":1,"maximum":64,"default":4}},"required":["instance","endpoint"],"additionalProperties":false},"publish":{"title":"Publish","description":"Publish each record as a message through an event instance.","type":"object","properties":{"instance":{"$ref":"defs.schema.json#/$defs/name","description":"An event instance."},"exchange":{"description":"Exchange to publish to ('' is the default exchange). AMQP names: letters, digits, '-', '_', '.', ':'.","type":"string","maxLength":255,"pattern":"^[A-Za-z0-9_.:-]*$"},"routingKey":{"description":"Routing key, at most 255 bytes (templates may use {{record.x}}).","type":"string","maxLength":255}},"required":["instance","exchange","routingKey"],"additionalProperties":false}}};

function validate40(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate40.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.name === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema34.required,parentSchema:schema34,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "name") || (key0 === "description")) || (key0 === "labels")) || (key0 === "previousNames"))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema34,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.name !== undefined){
let data0 = data.name;
if(typeof data0 === "string"){
if(!pattern4.test(data0)){
const err2 = {instancePath:instancePath+"/name",schemaPath:"#/$defs/name/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,62}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,62}$"+"\"",schema:"^[a-z][a-z0-9-]{0,62}$",parentSchema:schema35,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
else {
const err3 = {instancePath:instancePath+"/name",schemaPath:"#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.type,parentSchema:schema35,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.description !== undefined){
let data1 = data.description;
if(typeof data1 !== "string"){
const err4 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema34.properties.description.type,parentSchema:schema34.properties.description,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.labels !== undefined){
let data2 = data.labels;
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
for(const key1 in data2){
const _errs9 = errors;
if(typeof key1 === "string"){
if(!pattern5.test(key1)){
const err5 = {instancePath:instancePath+"/labels",schemaPath:"#/properties/labels/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._/-]{0,62}$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._/-]{0,62}$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9._/-]{0,62}$",parentSchema:schema34.properties.labels.propertyNames,data:key1,propertyName:key1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
var valid2 = _errs9 === errors;
if(!valid2){
const err6 = {instancePath:instancePath+"/labels",schemaPath:"#/properties/labels/propertyNames",keyword:"propertyNames",params:{propertyName: key1},message:"property name must be valid",schema:schema34.properties.labels.propertyNames,parentSchema:schema34.properties.labels,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
for(const key2 in data2){
let data3 = data2[key2];
if(typeof data3 !== "string"){
const err7 = {instancePath:instancePath+"/labels/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/labels/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema34.properties.labels.additionalProperties.type,parentSchema:schema34.properties.labels.additionalProperties,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
}
else {
const err8 = {instancePath:instancePath+"/labels",schemaPath:"#/properties/labels/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema34.properties.labels.type,parentSchema:schema34.properties.labels,data:data2};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.previousNames !== undefined){
let data4 = data.previousNames;
if(Array.isArray(data4)){
const len0 = data4.length;
for(let i0=0; i0<len0; i0++){
let data5 = data4[i0];
if(typeof data5 !== "string"){
const err9 = {instancePath:instancePath+"/previousNames/" + i0,schemaPath:"#/properties/previousNames/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema34.properties.previousNames.items.type,parentSchema:schema34.properties.previousNames.items,data:data5};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if(typeof data5 === "string"){
if(!pattern4.test(data5)){
const err10 = {instancePath:instancePath+"/previousNames/" + i0,schemaPath:"#/$defs/name/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,62}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,62}$"+"\"",schema:"^[a-z][a-z0-9-]{0,62}$",parentSchema:schema35,data:data5};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
else {
const err11 = {instancePath:instancePath+"/previousNames/" + i0,schemaPath:"#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.type,parentSchema:schema35,data:data5};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
let i1 = data4.length;
let j0;
if(i1 > 1){
const indices0 = {};
for(;i1--;){
let item0 = data4[i1];
if(typeof item0 !== "string"){
continue;
}
if(typeof indices0[item0] == "number"){
j0 = indices0[item0];
const err12 = {instancePath:instancePath+"/previousNames",schemaPath:"#/properties/previousNames/uniqueItems",keyword:"uniqueItems",params:{i: i1, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i1+" are identical)",schema:true,parentSchema:schema34.properties.previousNames,data:data4};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
break;
}
indices0[item0] = i1;
}
}
}
else {
const err13 = {instancePath:instancePath+"/previousNames",schemaPath:"#/properties/previousNames/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema34.properties.previousNames.type,parentSchema:schema34.properties.previousNames,data:data4};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
}
else {
const err14 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema34.type,parentSchema:schema34,data};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
validate40.errors = vErrors;
return errors === 0;
}
validate40.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

const schema74 = {"title":"FlowSpec","description":"When the flow runs and what it does.","type":"object","properties":{"enabled":{"description":"A disabled flow is deployed but never triggered.","type":"boolean","default":true},"concurrency":{"description":"At most this many runs of the flow at once.","type":"integer","minimum":1,"maximum":64,"default":1},"onError":{"description":"What a run does when a record fails: 'continue' with the rest (the run is partial) or 'stop'.","enum":["continue","stop"],"default":"continue"},"variables":{"description":"The flow's variables, by name, with their values: read as $vars.name in JSONata and {{vars.name}} in templates. An environment's overlay may patch them.","type":"object","propertyNames":{"pattern":"^[A-Za-z_][A-Za-z0-9_]{0,62}$"},"additionalProperties":true},"trigger":{"$ref":"#/$defs/trigger"},"steps":{"$ref":"#/$defs/steps","description":"Steps in order; records flow through them."}},"required":["trigger","steps"],"additionalProperties":false};
const pattern30 = new RegExp("^[A-Za-z_][A-Za-z0-9_]{0,62}$", "u");
const schema75 = {"title":"Trigger","description":"Exactly one of schedule, webhook, event or manual.","type":"object","properties":{"schedule":{"title":"ScheduleTrigger","description":"Run on a cron schedule.","type":"object","properties":{"cron":{"description":"A cron expression (5 or 6 fields).","type":"string"},"timezone":{"description":"IANA time zone of the schedule.","type":"string","default":"UTC"}},"required":["cron"],"additionalProperties":false},"webhook":{"title":"WebhookTrigger","description":"Run on POST /hooks/<path>; the body is the first record.","type":"object","properties":{"path":{"description":"Path below /hooks/, unique across flows.","type":"string","pattern":"^[a-z0-9][a-z0-9/_-]{0,127}$"},"hmac":{"title":"WebhookHmac","description":"Verify an HMAC signature of the raw body.","type":"object","properties":{"header":{"description":"Header carrying the signature.","type":"string","minLength":1},"secret":{"$ref":"defs.schema.json#/$defs/placeholder","description":"Signing secret, as a placeholder."},"algorithm":{"description":"HMAC hash.","enum":["sha256","sha1","sha512"],"default":"sha256"},"encoding":{"description":"Encoding of the signature in the header.","enum":["hex","base64"],"default":"hex"},"prefix":{"description":"Text before the signature in the header, such as 'sha256='.","type":"string"},"signedPayload":{"description":"What the signature covers: '{body}' (the raw body, the default), or a template over '{timestamp}' (the timestamp header's value) and '{body}', such as '{timestamp}.{body}' (Stripe) or 'v0:{timestamp}:{body}' (Slack).","type":"string","pattern":"^[^{}]*(\\{timestamp\\}[^{}]*)?\\{body\\}[^{}]*$|^[^{}]*\\{body\\}[^{}]*\\{timestamp\\}[^{}]*$","default":"{body}"},"timestampHeader":{"description":"Header carrying the time the request was sent (Unix seconds or ISO 8601); a request outside toleranceSeconds of the engine's clock is refused with 401.","type":"string","minLength":1},"toleranceSeconds":{"description":"How far the timestamp header may be from the engine's clock.","type":"integer","minimum":1,"maximum":86400,"default":300},"deliveryIdHeader":{"description":"Header carrying the sender's delivery id (X-Shopify-Webhook-Id, X-GitHub-Delivery): a delivery seen within replayWindowSeconds is answered 200 { duplicate: true, run } without a new run.","type":"string","minLength":1},"replayWindowSeconds":{"description":"How long a delivery id is remembered.","type":"integer","minimum":60,"maximum":2592000,"default":86400}},"required":["header","secret"],"additionalProperties":false},"maxBodyBytes":{"description":"Largest body accepted.","type":"integer","minimum":1,"maximum":104857600,"default":1048576},"public":{"description":"Anyone may start a run: without hmac, say so here (else weft validate warns 'unsigned-webhook').","type":"boolean","default":false}},"required":["path"],"additionalProperties":false},"event":{"title":"EventTrigger","description":"Run for each message from a queue of an event instance.","type":"object","properties":{"instance":{"$ref":"defs.schema.json#/$defs/name","description":"An event instance."},"queue":{"description":"Queue to consume (it must exist, with a dead-letter exchange). AMQP names: letters, digits, '-', '_', '.', ':'.","type":"string","minLength":1,"maxLength":255,"pattern":"^[A-Za-z0-9_.:-]+$"},"maxAttempts":{"description":"Runs of one message before it is rejected to the queue's dead-letter exchange.","type":"integer","minimum":1,"maximum":100,"default":3}},"required":["instance","queue"],"additionalProperties":false},"manual":{"title":"ManualTrigger","description":"Run only when asked (weft run, the admin API).","type":"object","additionalProperties":false}},"additionalProperties":false,"oneOf":[{"required":["schedule"]},{"required":["webhook"]},{"required":["event"]},{"required":["manual"]}]};
const pattern31 = new RegExp("^[a-z0-9][a-z0-9/_-]{0,127}$", "u");
const pattern32 = new RegExp("^[^{}]*(\\{timestamp\\}[^{}]*)?\\{body\\}[^{}]*$|^[^{}]*\\{body\\}[^{}]*\\{timestamp\\}[^{}]*$", "u");
const pattern34 = new RegExp("^[A-Za-z0-9_.:-]+$", "u");

function validate43(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate43.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
const _errs1 = errors;
let valid0 = false;
let passing0 = null;
const _errs2 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.schedule === undefined){
const err0 = {instancePath,schemaPath:"#/oneOf/0/required",keyword:"required",params:{missingProperty: "schedule"},message:"must have required property '"+"schedule"+"'",schema:schema75.oneOf[0].required,parentSchema:schema75.oneOf[0],data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
var _valid0 = _errs2 === errors;
if(_valid0){
valid0 = true;
passing0 = 0;
}
const _errs3 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.webhook === undefined){
const err1 = {instancePath,schemaPath:"#/oneOf/1/required",keyword:"required",params:{missingProperty: "webhook"},message:"must have required property '"+"webhook"+"'",schema:schema75.oneOf[1].required,parentSchema:schema75.oneOf[1],data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
var _valid0 = _errs3 === errors;
if(_valid0 && valid0){
valid0 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid0 = true;
passing0 = 1;
}
const _errs4 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.event === undefined){
const err2 = {instancePath,schemaPath:"#/oneOf/2/required",keyword:"required",params:{missingProperty: "event"},message:"must have required property '"+"event"+"'",schema:schema75.oneOf[2].required,parentSchema:schema75.oneOf[2],data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
var _valid0 = _errs4 === errors;
if(_valid0 && valid0){
valid0 = false;
passing0 = [passing0, 2];
}
else {
if(_valid0){
valid0 = true;
passing0 = 2;
}
const _errs5 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.manual === undefined){
const err3 = {instancePath,schemaPath:"#/oneOf/3/required",keyword:"required",params:{missingProperty: "manual"},message:"must have required property '"+"manual"+"'",schema:schema75.oneOf[3].required,parentSchema:schema75.oneOf[3],data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
var _valid0 = _errs5 === errors;
if(_valid0 && valid0){
valid0 = false;
passing0 = [passing0, 3];
}
else {
if(_valid0){
valid0 = true;
passing0 = 3;
}
}
}
}
if(!valid0){
const err4 = {instancePath,schemaPath:"#/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf",schema:schema75.oneOf,parentSchema:schema75,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
else {
errors = _errs1;
if(vErrors !== null){
if(_errs1){
vErrors.length = _errs1;
}
else {
vErrors = null;
}
}
}
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!((((key0 === "schedule") || (key0 === "webhook")) || (key0 === "event")) || (key0 === "manual"))){
const err5 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema75,data};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.schedule !== undefined){
let data0 = data.schedule;
if(data0 && typeof data0 == "object" && !Array.isArray(data0)){
if(data0.cron === undefined){
const err6 = {instancePath:instancePath+"/schedule",schemaPath:"#/properties/schedule/required",keyword:"required",params:{missingProperty: "cron"},message:"must have required property '"+"cron"+"'",schema:schema75.properties.schedule.required,parentSchema:schema75.properties.schedule,data:data0};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
for(const key1 in data0){
if(!((key1 === "cron") || (key1 === "timezone"))){
const err7 = {instancePath:instancePath+"/schedule",schemaPath:"#/properties/schedule/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema75.properties.schedule,data:data0};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data0.cron !== undefined){
let data1 = data0.cron;
if(typeof data1 !== "string"){
const err8 = {instancePath:instancePath+"/schedule/cron",schemaPath:"#/properties/schedule/properties/cron/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema75.properties.schedule.properties.cron.type,parentSchema:schema75.properties.schedule.properties.cron,data:data1};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data0.timezone !== undefined){
let data2 = data0.timezone;
if(typeof data2 !== "string"){
const err9 = {instancePath:instancePath+"/schedule/timezone",schemaPath:"#/properties/schedule/properties/timezone/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema75.properties.schedule.properties.timezone.type,parentSchema:schema75.properties.schedule.properties.timezone,data:data2};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
}
else {
const err10 = {instancePath:instancePath+"/schedule",schemaPath:"#/properties/schedule/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema75.properties.schedule.type,parentSchema:schema75.properties.schedule,data:data0};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.webhook !== undefined){
let data3 = data.webhook;
if(data3 && typeof data3 == "object" && !Array.isArray(data3)){
if(data3.path === undefined){
const err11 = {instancePath:instancePath+"/webhook",schemaPath:"#/properties/webhook/required",keyword:"required",params:{missingProperty: "path"},message:"must have required property '"+"path"+"'",schema:schema75.properties.webhook.required,parentSchema:schema75.properties.webhook,data:data3};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
for(const key2 in data3){
if(!((((key2 === "path") || (key2 === "hmac")) || (key2 === "maxBodyBytes")) || (key2 === "public"))){
const err12 = {instancePath:instancePath+"/webhook",schemaPath:"#/properties/webhook/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema75.properties.webhook,data:data3};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data3.path !== undefined){
let data4 = data3.path;
if(typeof data4 === "string"){
if(!pattern31.test(data4)){
const err13 = {instancePath:instancePath+"/webhook/path",schemaPath:"#/properties/webhook/properties/path/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9][a-z0-9/_-]{0,127}$"},message:"must match pattern \""+"^[a-z0-9][a-z0-9/_-]{0,127}$"+"\"",schema:"^[a-z0-9][a-z0-9/_-]{0,127}$",parentSchema:schema75.properties.webhook.properties.path,data:data4};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
else {
const err14 = {instancePath:instancePath+"/webhook/path",schemaPath:"#/properties/webhook/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema75.properties.webhook.properties.path.type,parentSchema:schema75.properties.webhook.properties.path,data:data4};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data3.hmac !== undefined){
let data5 = data3.hmac;
if(data5 && typeof data5 == "object" && !Array.isArray(data5)){
if(data5.header === undefined){
const err15 = {instancePath:instancePath+"/webhook/hmac",schemaPath:"#/properties/webhook/properties/hmac/required",keyword:"required",params:{missingProperty: "header"},message:"must have required property '"+"header"+"'",schema:schema75.properties.webhook.properties.hmac.required,parentSchema:schema75.properties.webhook.properties.hmac,data:data5};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
if(data5.secret === undefined){
const err16 = {instancePath:instancePath+"/webhook/hmac",schemaPath:"#/properties/webhook/properties/hmac/required",keyword:"required",params:{missingProperty: "secret"},message:"must have required property '"+"secret"+"'",schema:schema75.properties.webhook.properties.hmac.required,parentSchema:schema75.properties.webhook.properties.hmac,data:data5};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
for(const key3 in data5){
if(!(func7.call(schema75.properties.webhook.properties.hmac.properties, key3))){
const err17 = {instancePath:instancePath+"/webhook/hmac",schemaPath:"#/properties/webhook/properties/hmac/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties",schema:false,parentSchema:schema75.properties.webhook.properties.hmac,data:data5};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data5.header !== undefined){
let data6 = data5.header;
if(typeof data6 === "string"){
if(func1(data6) < 1){
const err18 = {instancePath:instancePath+"/webhook/hmac/header",schemaPath:"#/properties/webhook/properties/hmac/properties/header/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema75.properties.webhook.properties.hmac.properties.header,data:data6};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
else {
const err19 = {instancePath:instancePath+"/webhook/hmac/header",schemaPath:"#/properties/webhook/properties/hmac/properties/header/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema75.properties.webhook.properties.hmac.properties.header.type,parentSchema:schema75.properties.webhook.properties.hmac.properties.header,data:data6};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(data5.secret !== undefined){
let data7 = data5.secret;
if(typeof data7 !== "string"){
const err20 = {instancePath:instancePath+"/webhook/hmac/secret",schemaPath:"defs.schema.json#/$defs/placeholder/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema38.type,parentSchema:schema38,data:data7};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data5.algorithm !== undefined){
let data8 = data5.algorithm;
if(!(((data8 === "sha256") || (data8 === "sha1")) || (data8 === "sha512"))){
const err21 = {instancePath:instancePath+"/webhook/hmac/algorithm",schemaPath:"#/properties/webhook/properties/hmac/properties/algorithm/enum",keyword:"enum",params:{allowedValues: schema75.properties.webhook.properties.hmac.properties.algorithm.enum},message:"must be equal to one of the allowed values",schema:schema75.properties.webhook.properties.hmac.properties.algorithm.enum,parentSchema:schema75.properties.webhook.properties.hmac.properties.algorithm,data:data8};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data5.encoding !== undefined){
let data9 = data5.encoding;
if(!((data9 === "hex") || (data9 === "base64"))){
const err22 = {instancePath:instancePath+"/webhook/hmac/encoding",schemaPath:"#/properties/webhook/properties/hmac/properties/encoding/enum",keyword:"enum",params:{allowedValues: schema75.properties.webhook.properties.hmac.properties.encoding.enum},message:"must be equal to one of the allowed values",schema:schema75.properties.webhook.properties.hmac.properties.encoding.enum,parentSchema:schema75.properties.webhook.properties.hmac.properties.encoding,data:data9};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
if(data5.prefix !== undefined){
let data10 = data5.prefix;
if(typeof data10 !== "string"){
const err23 = {instancePath:instancePath+"/webhook/hmac/prefix",schemaPath:"#/properties/webhook/properties/hmac/properties/prefix/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema75.properties.webhook.properties.hmac.properties.prefix.type,parentSchema:schema75.properties.webhook.properties.hmac.properties.prefix,data:data10};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
if(data5.signedPayload !== undefined){
let data11 = data5.signedPayload;
if(typeof data11 === "string"){
if(!pattern32.test(data11)){
const err24 = {instancePath:instancePath+"/webhook/hmac/signedPayload",schemaPath:"#/properties/webhook/properties/hmac/properties/signedPayload/pattern",keyword:"pattern",params:{pattern: "^[^{}]*(\\{timestamp\\}[^{}]*)?\\{body\\}[^{}]*$|^[^{}]*\\{body\\}[^{}]*\\{timestamp\\}[^{}]*$"},message:"must match pattern \""+"^[^{}]*(\\{timestamp\\}[^{}]*)?\\{body\\}[^{}]*$|^[^{}]*\\{body\\}[^{}]*\\{timestamp\\}[^{}]*$"+"\"",schema:"^[^{}]*(\\{timestamp\\}[^{}]*)?\\{body\\}[^{}]*$|^[^{}]*\\{body\\}[^{}]*\\{timestamp\\}[^{}]*$",parentSchema:schema75.properties.webhook.properties.hmac.properties.signedPayload,data:data11};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
else {
const err25 = {instancePath:instancePath+"/webhook/hmac/signedPayload",schemaPath:"#/properties/webhook/properties/hmac/properties/signedPayload/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema75.properties.webhook.properties.hmac.properties.signedPayload.type,parentSchema:schema75.properties.webhook.properties.hmac.properties.signedPayload,data:data11};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data5.timestampHeader !== undefined){
let data12 = data5.timestampHeader;
if(typeof data12 === "string"){
if(func1(data12) < 1){
const err26 = {instancePath:instancePath+"/webhook/hmac/timestampHeader",schemaPath:"#/properties/webhook/properties/hmac/properties/timestampHeader/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema75.properties.webhook.properties.hmac.properties.timestampHeader,data:data12};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
else {
const err27 = {instancePath:instancePath+"/webhook/hmac/timestampHeader",schemaPath:"#/properties/webhook/properties/hmac/properties/timestampHeader/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema75.properties.webhook.properties.hmac.properties.timestampHeader.type,parentSchema:schema75.properties.webhook.properties.hmac.properties.timestampHeader,data:data12};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
if(data5.toleranceSeconds !== undefined){
let data13 = data5.toleranceSeconds;
if(!(((typeof data13 == "number") && (!(data13 % 1) && !isNaN(data13))) && (isFinite(data13)))){
const err28 = {instancePath:instancePath+"/webhook/hmac/toleranceSeconds",schemaPath:"#/properties/webhook/properties/hmac/properties/toleranceSeconds/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema75.properties.webhook.properties.hmac.properties.toleranceSeconds.type,parentSchema:schema75.properties.webhook.properties.hmac.properties.toleranceSeconds,data:data13};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
if((typeof data13 == "number") && (isFinite(data13))){
if(data13 > 86400 || isNaN(data13)){
const err29 = {instancePath:instancePath+"/webhook/hmac/toleranceSeconds",schemaPath:"#/properties/webhook/properties/hmac/properties/toleranceSeconds/maximum",keyword:"maximum",params:{comparison: "<=", limit: 86400},message:"must be <= 86400",schema:86400,parentSchema:schema75.properties.webhook.properties.hmac.properties.toleranceSeconds,data:data13};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
if(data13 < 1 || isNaN(data13)){
const err30 = {instancePath:instancePath+"/webhook/hmac/toleranceSeconds",schemaPath:"#/properties/webhook/properties/hmac/properties/toleranceSeconds/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema75.properties.webhook.properties.hmac.properties.toleranceSeconds,data:data13};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
}
if(data5.deliveryIdHeader !== undefined){
let data14 = data5.deliveryIdHeader;
if(typeof data14 === "string"){
if(func1(data14) < 1){
const err31 = {instancePath:instancePath+"/webhook/hmac/deliveryIdHeader",schemaPath:"#/properties/webhook/properties/hmac/properties/deliveryIdHeader/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema75.properties.webhook.properties.hmac.properties.deliveryIdHeader,data:data14};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
else {
const err32 = {instancePath:instancePath+"/webhook/hmac/deliveryIdHeader",schemaPath:"#/properties/webhook/properties/hmac/properties/deliveryIdHeader/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema75.properties.webhook.properties.hmac.properties.deliveryIdHeader.type,parentSchema:schema75.properties.webhook.properties.hmac.properties.deliveryIdHeader,data:data14};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
if(data5.replayWindowSeconds !== undefined){
let data15 = data5.replayWindowSeconds;
if(!(((typeof data15 == "number") && (!(data15 % 1) && !isNaN(data15))) && (isFinite(data15)))){
const err33 = {instancePath:instancePath+"/webhook/hmac/replayWindowSeconds",schemaPath:"#/properties/webhook/properties/hmac/properties/replayWindowSeconds/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema75.properties.webhook.properties.hmac.properties.replayWindowSeconds.type,parentSchema:schema75.properties.webhook.properties.hmac.properties.replayWindowSeconds,data:data15};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
if((typeof data15 == "number") && (isFinite(data15))){
if(data15 > 2592000 || isNaN(data15)){
const err34 = {instancePath:instancePath+"/webhook/hmac/replayWindowSeconds",schemaPath:"#/properties/webhook/properties/hmac/properties/replayWindowSeconds/maximum",keyword:"maximum",params:{comparison: "<=", limit: 2592000},message:"must be <= 2592000",schema:2592000,parentSchema:schema75.properties.webhook.properties.hmac.properties.replayWindowSeconds,data:data15};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
if(data15 < 60 || isNaN(data15)){
const err35 = {instancePath:instancePath+"/webhook/hmac/replayWindowSeconds",schemaPath:"#/properties/webhook/properties/hmac/properties/replayWindowSeconds/minimum",keyword:"minimum",params:{comparison: ">=", limit: 60},message:"must be >= 60",schema:60,parentSchema:schema75.properties.webhook.properties.hmac.properties.replayWindowSeconds,data:data15};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
}
}
else {
const err36 = {instancePath:instancePath+"/webhook/hmac",schemaPath:"#/properties/webhook/properties/hmac/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema75.properties.webhook.properties.hmac.type,parentSchema:schema75.properties.webhook.properties.hmac,data:data5};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
if(data3.maxBodyBytes !== undefined){
let data16 = data3.maxBodyBytes;
if(!(((typeof data16 == "number") && (!(data16 % 1) && !isNaN(data16))) && (isFinite(data16)))){
const err37 = {instancePath:instancePath+"/webhook/maxBodyBytes",schemaPath:"#/properties/webhook/properties/maxBodyBytes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema75.properties.webhook.properties.maxBodyBytes.type,parentSchema:schema75.properties.webhook.properties.maxBodyBytes,data:data16};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
if((typeof data16 == "number") && (isFinite(data16))){
if(data16 > 104857600 || isNaN(data16)){
const err38 = {instancePath:instancePath+"/webhook/maxBodyBytes",schemaPath:"#/properties/webhook/properties/maxBodyBytes/maximum",keyword:"maximum",params:{comparison: "<=", limit: 104857600},message:"must be <= 104857600",schema:104857600,parentSchema:schema75.properties.webhook.properties.maxBodyBytes,data:data16};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
if(data16 < 1 || isNaN(data16)){
const err39 = {instancePath:instancePath+"/webhook/maxBodyBytes",schemaPath:"#/properties/webhook/properties/maxBodyBytes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema75.properties.webhook.properties.maxBodyBytes,data:data16};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
}
if(data3.public !== undefined){
let data17 = data3.public;
if(typeof data17 !== "boolean"){
const err40 = {instancePath:instancePath+"/webhook/public",schemaPath:"#/properties/webhook/properties/public/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema75.properties.webhook.properties.public.type,parentSchema:schema75.properties.webhook.properties.public,data:data17};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
}
else {
const err41 = {instancePath:instancePath+"/webhook",schemaPath:"#/properties/webhook/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema75.properties.webhook.type,parentSchema:schema75.properties.webhook,data:data3};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
if(data.event !== undefined){
let data18 = data.event;
if(data18 && typeof data18 == "object" && !Array.isArray(data18)){
if(data18.instance === undefined){
const err42 = {instancePath:instancePath+"/event",schemaPath:"#/properties/event/required",keyword:"required",params:{missingProperty: "instance"},message:"must have required property '"+"instance"+"'",schema:schema75.properties.event.required,parentSchema:schema75.properties.event,data:data18};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
if(data18.queue === undefined){
const err43 = {instancePath:instancePath+"/event",schemaPath:"#/properties/event/required",keyword:"required",params:{missingProperty: "queue"},message:"must have required property '"+"queue"+"'",schema:schema75.properties.event.required,parentSchema:schema75.properties.event,data:data18};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
for(const key4 in data18){
if(!(((key4 === "instance") || (key4 === "queue")) || (key4 === "maxAttempts"))){
const err44 = {instancePath:instancePath+"/event",schemaPath:"#/properties/event/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties",schema:false,parentSchema:schema75.properties.event,data:data18};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
if(data18.instance !== undefined){
let data19 = data18.instance;
if(typeof data19 === "string"){
if(!pattern4.test(data19)){
const err45 = {instancePath:instancePath+"/event/instance",schemaPath:"defs.schema.json#/$defs/name/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,62}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,62}$"+"\"",schema:"^[a-z][a-z0-9-]{0,62}$",parentSchema:schema35,data:data19};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
else {
const err46 = {instancePath:instancePath+"/event/instance",schemaPath:"defs.schema.json#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.type,parentSchema:schema35,data:data19};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
if(data18.queue !== undefined){
let data20 = data18.queue;
if(typeof data20 === "string"){
if(func1(data20) > 255){
const err47 = {instancePath:instancePath+"/event/queue",schemaPath:"#/properties/event/properties/queue/maxLength",keyword:"maxLength",params:{limit: 255},message:"must NOT have more than 255 characters",schema:255,parentSchema:schema75.properties.event.properties.queue,data:data20};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
if(func1(data20) < 1){
const err48 = {instancePath:instancePath+"/event/queue",schemaPath:"#/properties/event/properties/queue/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema75.properties.event.properties.queue,data:data20};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
if(!pattern34.test(data20)){
const err49 = {instancePath:instancePath+"/event/queue",schemaPath:"#/properties/event/properties/queue/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_.:-]+$"},message:"must match pattern \""+"^[A-Za-z0-9_.:-]+$"+"\"",schema:"^[A-Za-z0-9_.:-]+$",parentSchema:schema75.properties.event.properties.queue,data:data20};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
else {
const err50 = {instancePath:instancePath+"/event/queue",schemaPath:"#/properties/event/properties/queue/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema75.properties.event.properties.queue.type,parentSchema:schema75.properties.event.properties.queue,data:data20};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
if(data18.maxAttempts !== undefined){
let data21 = data18.maxAttempts;
if(!(((typeof data21 == "number") && (!(data21 % 1) && !isNaN(data21))) && (isFinite(data21)))){
const err51 = {instancePath:instancePath+"/event/maxAttempts",schemaPath:"#/properties/event/properties/maxAttempts/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema75.properties.event.properties.maxAttempts.type,parentSchema:schema75.properties.event.properties.maxAttempts,data:data21};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
if((typeof data21 == "number") && (isFinite(data21))){
if(data21 > 100 || isNaN(data21)){
const err52 = {instancePath:instancePath+"/event/maxAttempts",schemaPath:"#/properties/event/properties/maxAttempts/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100},message:"must be <= 100",schema:100,parentSchema:schema75.properties.event.properties.maxAttempts,data:data21};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
if(data21 < 1 || isNaN(data21)){
const err53 = {instancePath:instancePath+"/event/maxAttempts",schemaPath:"#/properties/event/properties/maxAttempts/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema75.properties.event.properties.maxAttempts,data:data21};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
}
}
else {
const err54 = {instancePath:instancePath+"/event",schemaPath:"#/properties/event/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema75.properties.event.type,parentSchema:schema75.properties.event,data:data18};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
if(data.manual !== undefined){
let data22 = data.manual;
if(data22 && typeof data22 == "object" && !Array.isArray(data22)){
for(const key5 in data22){
const err55 = {instancePath:instancePath+"/manual",schemaPath:"#/properties/manual/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties",schema:false,parentSchema:schema75.properties.manual,data:data22};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
}
else {
const err56 = {instancePath:instancePath+"/manual",schemaPath:"#/properties/manual/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema75.properties.manual.type,parentSchema:schema75.properties.manual,data:data22};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
}
}
else {
const err57 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema75.type,parentSchema:schema75,data};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
validate43.errors = vErrors;
return errors === 0;
}
validate43.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

const schema78 = {"title":"Steps","description":"Steps in order; records flow through them.","type":"array","items":{"$ref":"#/$defs/step"},"minItems":1};
const schema79 = {"title":"Step","description":"One step: exactly one of receive, filter, map, send, publish, route, branch, try, dedupe, cache, split, batch, notify, run or enrich.","type":"object","properties":{"id":{"description":"The step's id, unique within the flow.","type":"string","pattern":"^[a-z][a-z0-9-]{0,62}$"},"description":{"description":"What the step is for, for people reading the flow.","type":"string"},"receive":{"$ref":"#/$defs/endpointCall","description":"Fetch records from an endpoint of an http instance (pages are streamed)."},"filter":{"description":"A JSONata expression per record; a truthy result keeps the record.","type":"string","minLength":1},"map":{"description":"A JSONata expression per record; its result replaces the record.","type":"string","minLength":1},"send":{"$ref":"#/$defs/endpointCall","description":"Send each record to an endpoint of an http instance."},"publish":{"$ref":"#/$defs/publish"},"route":{"$ref":"#/$defs/route"},"branch":{"$ref":"#/$defs/branch"},"try":{"$ref":"#/$defs/try"},"dedupe":{"$ref":"#/$defs/dedupe"},"cache":{"$ref":"#/$defs/cache"},"split":{"$ref":"#/$defs/split"},"batch":{"$ref":"#/$defs/batch"},"notify":{"$ref":"#/$defs/notify"},"run":{"$ref":"#/$defs/runFlow"},"enrich":{"$ref":"#/$defs/enrich"},"limits":{"title":"ExpressionLimits","description":"Bounds on each evaluation of the step's JSONata expression (filter, map), for one record: a record that exceeds one fails with an error naming it. Without them: depth 5000; and for an expression that can run away (one that defines functions, applies them partially, builds ranges or calls $eval) 2000 ms and sequences of 100,000 items, and an evaluation that grows the engine's heap by over 512 MiB is stopped whatever the limits.","type":"object","properties":{"timeoutMs":{"description":"Time one evaluation may take, in milliseconds (default 2000).","type":"integer","minimum":1,"maximum":60000},"maxDepth":{"description":"How deeply evaluation may nest (default 5000); recursion that is not in tail position deepens it by a few levels a call.","type":"integer","minimum":10,"maximum":100000},"maxSequence":{"description":"Items in any one sequence, ranges such as [1..n] included (default 100000).","type":"integer","minimum":1,"maximum":10000000}},"additionalProperties":false}},"required":["id"],"additionalProperties":false,"oneOf":[{"required":["receive"]},{"required":["filter"]},{"required":["map"]},{"required":["send"]},{"required":["publish"]},{"required":["route"]},{"required":["branch"]},{"required":["try"]},{"required":["dedupe"]},{"required":["cache"]},{"required":["split"]},{"required":["batch"]},{"required":["notify"]},{"required":["run"]},{"required":["enrich"]}]};
const schema94 = {"title":"Split","description":"Turn each record into the items of an array it holds (each item a record); the record they came from is readable as $parent in later expressions.","type":"object","properties":{"items":{"description":"A JSONata expression per record: its items (an array field such as 'lines'; a single value is one item, nothing is none).","type":"string","minLength":1},"parent":{"description":"A field of each item to copy the whole record into.","type":"string","pattern":"^[A-Za-z_][A-Za-z0-9_-]{0,62}$"}},"required":["items"],"additionalProperties":false};
const schema95 = {"title":"Batch","description":"Group records into batches of at most 'size' (records of one key together, with 'key'); each batch goes on as one record, the list of its records, so a bulk endpoint's body can be {{record}}. $batch ({ key, size }) is readable in later expressions. A batch that fails keeps each of its records as a failed record at this step. Batches never span the run's chunks (which hold at least 'size' records), so records a filter left few of make smaller batches.","type":"object","properties":{"size":{"description":"Records per batch at most.","type":"integer","minimum":1,"maximum":10000},"key":{"description":"A JSONata expression per record: records with the same key are batched together.","type":"string","minLength":1}},"required":["size"],"additionalProperties":false};
const pattern45 = new RegExp("^[A-Za-z_][A-Za-z0-9_-]{0,62}$", "u");
const schema80 = {"title":"EndpointCall","description":"A call to an endpoint of an instance.","type":"object","properties":{"instance":{"$ref":"defs.schema.json#/$defs/name","description":"The instance to call."},"endpoint":{"description":"One of its connector's endpoints.","type":"string","minLength":1},"input":{"$ref":"defs.schema.json#/$defs/scalarMap","description":"Values of the endpoint's inputs; templates may use {{run.x}} (and {{record.x}} in send)."},"concurrency":{"description":"Requests in flight at once (send).","type":"integer","minimum":1,"maximum":64,"default":4}},"required":["instance","endpoint"],"additionalProperties":false};

function validate47(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate47.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.instance === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "instance"},message:"must have required property '"+"instance"+"'",schema:schema80.required,parentSchema:schema80,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.endpoint === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "endpoint"},message:"must have required property '"+"endpoint"+"'",schema:schema80.required,parentSchema:schema80,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "instance") || (key0 === "endpoint")) || (key0 === "input")) || (key0 === "concurrency"))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema80,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.instance !== undefined){
let data0 = data.instance;
if(typeof data0 === "string"){
if(!pattern4.test(data0)){
const err3 = {instancePath:instancePath+"/instance",schemaPath:"defs.schema.json#/$defs/name/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,62}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,62}$"+"\"",schema:"^[a-z][a-z0-9-]{0,62}$",parentSchema:schema35,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
else {
const err4 = {instancePath:instancePath+"/instance",schemaPath:"defs.schema.json#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.type,parentSchema:schema35,data:data0};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.endpoint !== undefined){
let data1 = data.endpoint;
if(typeof data1 === "string"){
if(func1(data1) < 1){
const err5 = {instancePath:instancePath+"/endpoint",schemaPath:"#/properties/endpoint/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema80.properties.endpoint,data:data1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
else {
const err6 = {instancePath:instancePath+"/endpoint",schemaPath:"#/properties/endpoint/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema80.properties.endpoint.type,parentSchema:schema80.properties.endpoint,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.input !== undefined){
let data2 = data.input;
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
for(const key1 in data2){
let data3 = data2[key1];
if(((typeof data3 !== "string") && (!((typeof data3 == "number") && (isFinite(data3))))) && (typeof data3 !== "boolean")){
const err7 = {instancePath:instancePath+"/input/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"defs.schema.json#/$defs/scalarMap/additionalProperties/type",keyword:"type",params:{type: schema60.additionalProperties.type},message:"must be string,number,boolean",schema:schema60.additionalProperties.type,parentSchema:schema60.additionalProperties,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
}
else {
const err8 = {instancePath:instancePath+"/input",schemaPath:"defs.schema.json#/$defs/scalarMap/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema60.type,parentSchema:schema60,data:data2};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.concurrency !== undefined){
let data4 = data.concurrency;
if(!(((typeof data4 == "number") && (!(data4 % 1) && !isNaN(data4))) && (isFinite(data4)))){
const err9 = {instancePath:instancePath+"/concurrency",schemaPath:"#/properties/concurrency/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema80.properties.concurrency.type,parentSchema:schema80.properties.concurrency,data:data4};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if((typeof data4 == "number") && (isFinite(data4))){
if(data4 > 64 || isNaN(data4)){
const err10 = {instancePath:instancePath+"/concurrency",schemaPath:"#/properties/concurrency/maximum",keyword:"maximum",params:{comparison: "<=", limit: 64},message:"must be <= 64",schema:64,parentSchema:schema80.properties.concurrency,data:data4};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
if(data4 < 1 || isNaN(data4)){
const err11 = {instancePath:instancePath+"/concurrency",schemaPath:"#/properties/concurrency/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema80.properties.concurrency,data:data4};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
}
}
else {
const err12 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema80.type,parentSchema:schema80,data};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
validate47.errors = vErrors;
return errors === 0;
}
validate47.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

const schema83 = {"title":"Publish","description":"Publish each record as a message through an event instance.","type":"object","properties":{"instance":{"$ref":"defs.schema.json#/$defs/name","description":"An event instance."},"exchange":{"description":"Exchange to publish to ('' is the default exchange). AMQP names: letters, digits, '-', '_', '.', ':'.","type":"string","maxLength":255,"pattern":"^[A-Za-z0-9_.:-]*$"},"routingKey":{"description":"Routing key, at most 255 bytes (templates may use {{record.x}}).","type":"string","maxLength":255}},"required":["instance","exchange","routingKey"],"additionalProperties":false};
const pattern38 = new RegExp("^[A-Za-z0-9_.:-]*$", "u");

function validate50(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate50.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.instance === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "instance"},message:"must have required property '"+"instance"+"'",schema:schema83.required,parentSchema:schema83,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.exchange === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "exchange"},message:"must have required property '"+"exchange"+"'",schema:schema83.required,parentSchema:schema83,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.routingKey === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "routingKey"},message:"must have required property '"+"routingKey"+"'",schema:schema83.required,parentSchema:schema83,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
for(const key0 in data){
if(!(((key0 === "instance") || (key0 === "exchange")) || (key0 === "routingKey"))){
const err3 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema83,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.instance !== undefined){
let data0 = data.instance;
if(typeof data0 === "string"){
if(!pattern4.test(data0)){
const err4 = {instancePath:instancePath+"/instance",schemaPath:"defs.schema.json#/$defs/name/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,62}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,62}$"+"\"",schema:"^[a-z][a-z0-9-]{0,62}$",parentSchema:schema35,data:data0};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
else {
const err5 = {instancePath:instancePath+"/instance",schemaPath:"defs.schema.json#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.type,parentSchema:schema35,data:data0};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.exchange !== undefined){
let data1 = data.exchange;
if(typeof data1 === "string"){
if(func1(data1) > 255){
const err6 = {instancePath:instancePath+"/exchange",schemaPath:"#/properties/exchange/maxLength",keyword:"maxLength",params:{limit: 255},message:"must NOT have more than 255 characters",schema:255,parentSchema:schema83.properties.exchange,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if(!pattern38.test(data1)){
const err7 = {instancePath:instancePath+"/exchange",schemaPath:"#/properties/exchange/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_.:-]*$"},message:"must match pattern \""+"^[A-Za-z0-9_.:-]*$"+"\"",schema:"^[A-Za-z0-9_.:-]*$",parentSchema:schema83.properties.exchange,data:data1};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
else {
const err8 = {instancePath:instancePath+"/exchange",schemaPath:"#/properties/exchange/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema83.properties.exchange.type,parentSchema:schema83.properties.exchange,data:data1};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.routingKey !== undefined){
let data2 = data.routingKey;
if(typeof data2 === "string"){
if(func1(data2) > 255){
const err9 = {instancePath:instancePath+"/routingKey",schemaPath:"#/properties/routingKey/maxLength",keyword:"maxLength",params:{limit: 255},message:"must NOT have more than 255 characters",schema:255,parentSchema:schema83.properties.routingKey,data:data2};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
else {
const err10 = {instancePath:instancePath+"/routingKey",schemaPath:"#/properties/routingKey/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema83.properties.routingKey.type,parentSchema:schema83.properties.routingKey,data:data2};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
}
else {
const err11 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema83.type,parentSchema:schema83,data};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
validate50.errors = vErrors;
return errors === 0;
}
validate50.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

const schema85 = {"title":"Route","description":"Send each record down every route whose condition holds, or down 'otherwise' when none does (a record no route takes, without otherwise, goes no further). Routes run side by side, independently; the records coming out of their ends go on to the next step.","type":"object","properties":{"routes":{"description":"The routes, each with a name, a condition and its steps.","type":"array","minItems":1,"items":{"title":"RouteCase","type":"object","properties":{"name":{"$ref":"#/$defs/listName"},"when":{"description":"A JSONata condition per record; truthy sends the record down this route.","type":"string","minLength":1},"steps":{"$ref":"#/$defs/steps"}},"required":["name","when","steps"],"additionalProperties":false}},"otherwise":{"$ref":"#/$defs/steps","description":"Steps for the records no route's condition took."}},"required":["routes"],"additionalProperties":false};
const schema86 = {"description":"A name, unique among its siblings: it is part of the path of the steps inside (by-region/uk/push).","type":"string","pattern":"^[a-z][a-z0-9-]{0,62}$"};
const wrapper0 = {validate: validate45};

function validate52(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate52.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.routes === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "routes"},message:"must have required property '"+"routes"+"'",schema:schema85.required,parentSchema:schema85,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!((key0 === "routes") || (key0 === "otherwise"))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema85,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.routes !== undefined){
let data0 = data.routes;
if(Array.isArray(data0)){
if(data0.length < 1){
const err2 = {instancePath:instancePath+"/routes",schemaPath:"#/properties/routes/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema85.properties.routes,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
const len0 = data0.length;
for(let i0=0; i0<len0; i0++){
let data1 = data0[i0];
if(data1 && typeof data1 == "object" && !Array.isArray(data1)){
if(data1.name === undefined){
const err3 = {instancePath:instancePath+"/routes/" + i0,schemaPath:"#/properties/routes/items/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema85.properties.routes.items.required,parentSchema:schema85.properties.routes.items,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(data1.when === undefined){
const err4 = {instancePath:instancePath+"/routes/" + i0,schemaPath:"#/properties/routes/items/required",keyword:"required",params:{missingProperty: "when"},message:"must have required property '"+"when"+"'",schema:schema85.properties.routes.items.required,parentSchema:schema85.properties.routes.items,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if(data1.steps === undefined){
const err5 = {instancePath:instancePath+"/routes/" + i0,schemaPath:"#/properties/routes/items/required",keyword:"required",params:{missingProperty: "steps"},message:"must have required property '"+"steps"+"'",schema:schema85.properties.routes.items.required,parentSchema:schema85.properties.routes.items,data:data1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
for(const key1 in data1){
if(!(((key1 === "name") || (key1 === "when")) || (key1 === "steps"))){
const err6 = {instancePath:instancePath+"/routes/" + i0,schemaPath:"#/properties/routes/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema85.properties.routes.items,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data1.name !== undefined){
let data2 = data1.name;
if(typeof data2 === "string"){
if(!pattern4.test(data2)){
const err7 = {instancePath:instancePath+"/routes/" + i0+"/name",schemaPath:"#/$defs/listName/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,62}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,62}$"+"\"",schema:"^[a-z][a-z0-9-]{0,62}$",parentSchema:schema86,data:data2};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
else {
const err8 = {instancePath:instancePath+"/routes/" + i0+"/name",schemaPath:"#/$defs/listName/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema86.type,parentSchema:schema86,data:data2};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data1.when !== undefined){
let data3 = data1.when;
if(typeof data3 === "string"){
if(func1(data3) < 1){
const err9 = {instancePath:instancePath+"/routes/" + i0+"/when",schemaPath:"#/properties/routes/items/properties/when/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema85.properties.routes.items.properties.when,data:data3};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
else {
const err10 = {instancePath:instancePath+"/routes/" + i0+"/when",schemaPath:"#/properties/routes/items/properties/when/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema85.properties.routes.items.properties.when.type,parentSchema:schema85.properties.routes.items.properties.when,data:data3};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data1.steps !== undefined){
if(!(wrapper0.validate(data1.steps, {instancePath:instancePath+"/routes/" + i0+"/steps",parentData:data1,parentDataProperty:"steps",rootData,dynamicAnchors}))){
{ if (vErrors === null) vErrors = wrapper0.validate.errors.slice(); else for (const error of wrapper0.validate.errors) vErrors.push(error); };
errors = vErrors.length;
}
}
}
else {
const err11 = {instancePath:instancePath+"/routes/" + i0,schemaPath:"#/properties/routes/items/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema85.properties.routes.items.type,parentSchema:schema85.properties.routes.items,data:data1};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
}
else {
const err12 = {instancePath:instancePath+"/routes",schemaPath:"#/properties/routes/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema85.properties.routes.type,parentSchema:schema85.properties.routes,data:data0};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data.otherwise !== undefined){
if(!(wrapper0.validate(data.otherwise, {instancePath:instancePath+"/otherwise",parentData:data,parentDataProperty:"otherwise",rootData,dynamicAnchors}))){
{ if (vErrors === null) vErrors = wrapper0.validate.errors.slice(); else for (const error of wrapper0.validate.errors) vErrors.push(error); };
errors = vErrors.length;
}
}
}
else {
const err13 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema85.type,parentSchema:schema85,data};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
validate52.errors = vErrors;
return errors === 0;
}
validate52.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

const schema87 = {"title":"Branch","description":"Send every record down each branch, one branch after the other; the records coming out of their ends go on to the next step.","type":"array","minItems":1,"items":{"title":"BranchCase","type":"object","properties":{"name":{"$ref":"#/$defs/listName"},"steps":{"$ref":"#/$defs/steps"}},"required":["name","steps"],"additionalProperties":false}};

function validate54(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate54.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(Array.isArray(data)){
if(data.length < 1){
const err0 = {instancePath,schemaPath:"#/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema87,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
const len0 = data.length;
for(let i0=0; i0<len0; i0++){
let data0 = data[i0];
if(data0 && typeof data0 == "object" && !Array.isArray(data0)){
if(data0.name === undefined){
const err1 = {instancePath:instancePath+"/" + i0,schemaPath:"#/items/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema87.items.required,parentSchema:schema87.items,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data0.steps === undefined){
const err2 = {instancePath:instancePath+"/" + i0,schemaPath:"#/items/required",keyword:"required",params:{missingProperty: "steps"},message:"must have required property '"+"steps"+"'",schema:schema87.items.required,parentSchema:schema87.items,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
for(const key0 in data0){
if(!((key0 === "name") || (key0 === "steps"))){
const err3 = {instancePath:instancePath+"/" + i0,schemaPath:"#/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema87.items,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data0.name !== undefined){
let data1 = data0.name;
if(typeof data1 === "string"){
if(!pattern4.test(data1)){
const err4 = {instancePath:instancePath+"/" + i0+"/name",schemaPath:"#/$defs/listName/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,62}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,62}$"+"\"",schema:"^[a-z][a-z0-9-]{0,62}$",parentSchema:schema86,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
else {
const err5 = {instancePath:instancePath+"/" + i0+"/name",schemaPath:"#/$defs/listName/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema86.type,parentSchema:schema86,data:data1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data0.steps !== undefined){
if(!(wrapper0.validate(data0.steps, {instancePath:instancePath+"/" + i0+"/steps",parentData:data0,parentDataProperty:"steps",rootData,dynamicAnchors}))){
{ if (vErrors === null) vErrors = wrapper0.validate.errors.slice(); else for (const error of wrapper0.validate.errors) vErrors.push(error); };
errors = vErrors.length;
}
}
}
else {
const err6 = {instancePath:instancePath+"/" + i0,schemaPath:"#/items/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema87.items.type,parentSchema:schema87.items,data:data0};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
}
else {
const err7 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema87.type,parentSchema:schema87,data};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
validate54.errors = vErrors;
return errors === 0;
}
validate54.evaluated = {"items":true,"dynamicProps":false,"dynamicItems":false};

const schema89 = {"title":"Try","description":"Records that fail inside 'steps' (a send refused, an expression that throws) go to the 'catch' steps instead of the run's failed records, with $error ({ step, message, status }) to read. What comes out of both goes on; a record that fails in 'catch' is a failed record.","type":"object","properties":{"steps":{"$ref":"#/$defs/steps"},"catch":{"$ref":"#/$defs/steps","description":"Steps for the records that failed, with $error."}},"required":["steps","catch"],"additionalProperties":false};

function validate56(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate56.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.steps === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "steps"},message:"must have required property '"+"steps"+"'",schema:schema89.required,parentSchema:schema89,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.catch === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "catch"},message:"must have required property '"+"catch"+"'",schema:schema89.required,parentSchema:schema89,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
for(const key0 in data){
if(!((key0 === "steps") || (key0 === "catch"))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema89,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.steps !== undefined){
if(!(wrapper0.validate(data.steps, {instancePath:instancePath+"/steps",parentData:data,parentDataProperty:"steps",rootData,dynamicAnchors}))){
{ if (vErrors === null) vErrors = wrapper0.validate.errors.slice(); else for (const error of wrapper0.validate.errors) vErrors.push(error); };
errors = vErrors.length;
}
}
if(data.catch !== undefined){
if(!(wrapper0.validate(data.catch, {instancePath:instancePath+"/catch",parentData:data,parentDataProperty:"catch",rootData,dynamicAnchors}))){
{ if (vErrors === null) vErrors = wrapper0.validate.errors.slice(); else for (const error of wrapper0.validate.errors) vErrors.push(error); };
errors = vErrors.length;
}
}
}
else {
const err3 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema89.type,parentSchema:schema89,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
validate56.errors = vErrors;
return errors === 0;
}
validate56.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

const schema90 = {"title":"Dedupe","description":"Drop records whose key was seen within the window, and remember the keys of the records passed on (kept in the engine's store across runs and restarts). Two runs at once never both pass a key; a record that fails later gives its key back.","type":"object","properties":{"key":{"description":"A JSONata expression per record: its key (a non-empty string or a number).","type":"string","minLength":1},"mode":{"description":"'filter' drops records seen before, 'track' remembers keys and drops nothing, 'filter-and-track' does both.","enum":["filter","track","filter-and-track"],"default":"filter-and-track"},"window":{"$ref":"#/$defs/duration","description":"How long a key is remembered.","default":"90d"},"pool":{"description":"A named pool of keys shared by every flow naming it; without one, the keys are this step's own.","type":"string","pattern":"^[a-z][a-z0-9-]{0,62}$"}},"required":["key"],"additionalProperties":false};
const schema91 = {"description":"A duration: a whole number of seconds, minutes, hours, days or weeks (30s, 15m, 12h, 90d, 2w).","type":"string","pattern":"^[1-9][0-9]{0,5}(s|m|h|d|w)$"};
const pattern41 = new RegExp("^[1-9][0-9]{0,5}(s|m|h|d|w)$", "u");

function validate58(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate58.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.key === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "key"},message:"must have required property '"+"key"+"'",schema:schema90.required,parentSchema:schema90,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "key") || (key0 === "mode")) || (key0 === "window")) || (key0 === "pool"))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema90,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.key !== undefined){
let data0 = data.key;
if(typeof data0 === "string"){
if(func1(data0) < 1){
const err2 = {instancePath:instancePath+"/key",schemaPath:"#/properties/key/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema90.properties.key,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
else {
const err3 = {instancePath:instancePath+"/key",schemaPath:"#/properties/key/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema90.properties.key.type,parentSchema:schema90.properties.key,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.mode !== undefined){
let data1 = data.mode;
if(!(((data1 === "filter") || (data1 === "track")) || (data1 === "filter-and-track"))){
const err4 = {instancePath:instancePath+"/mode",schemaPath:"#/properties/mode/enum",keyword:"enum",params:{allowedValues: schema90.properties.mode.enum},message:"must be equal to one of the allowed values",schema:schema90.properties.mode.enum,parentSchema:schema90.properties.mode,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.window !== undefined){
let data2 = data.window;
if(typeof data2 === "string"){
if(!pattern41.test(data2)){
const err5 = {instancePath:instancePath+"/window",schemaPath:"#/$defs/duration/pattern",keyword:"pattern",params:{pattern: "^[1-9][0-9]{0,5}(s|m|h|d|w)$"},message:"must match pattern \""+"^[1-9][0-9]{0,5}(s|m|h|d|w)$"+"\"",schema:"^[1-9][0-9]{0,5}(s|m|h|d|w)$",parentSchema:schema91,data:data2};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
else {
const err6 = {instancePath:instancePath+"/window",schemaPath:"#/$defs/duration/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema91.type,parentSchema:schema91,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.pool !== undefined){
let data3 = data.pool;
if(typeof data3 === "string"){
if(!pattern4.test(data3)){
const err7 = {instancePath:instancePath+"/pool",schemaPath:"#/properties/pool/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,62}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,62}$"+"\"",schema:"^[a-z][a-z0-9-]{0,62}$",parentSchema:schema90.properties.pool,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
else {
const err8 = {instancePath:instancePath+"/pool",schemaPath:"#/properties/pool/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema90.properties.pool.type,parentSchema:schema90.properties.pool,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
}
else {
const err9 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema90.type,parentSchema:schema90,data};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
validate58.errors = vErrors;
return errors === 0;
}
validate58.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

const schema92 = {"title":"Cache","description":"Store records (or a value) under a key, or read stored values into records: entries kept in the engine's store per run, flow or project until their TTL.","type":"object","properties":{"put":{"title":"CachePut","description":"Store each record (or the value of 'value') under its key; records go on unchanged.","type":"object","properties":{"key":{"description":"A JSONata expression per record: the entry's key (a non-empty string or a number).","type":"string","minLength":1},"value":{"description":"A JSONata expression per record: what to store (the record when absent).","type":"string","minLength":1},"name":{"description":"The cache's name, within its scope.","type":"string","pattern":"^[a-z][a-z0-9-]{0,62}$","default":"default"},"scope":{"description":"Whose entries: this run's, this flow's, or the whole project's.","enum":["run","flow","project"],"default":"flow"},"ttl":{"$ref":"#/$defs/duration","description":"How long an entry is kept.","default":"7d"},"maxEntries":{"description":"Entries the cache may hold (not expired); a put beyond it fails its records, saying the cache is full.","type":"integer","minimum":1,"maximum":10000000,"default":100000}},"required":["key"],"additionalProperties":false},"get":{"title":"CacheGet","description":"Read the entry of each record's key into a field of the record.","type":"object","properties":{"key":{"description":"A JSONata expression per record: the key to read.","type":"string","minLength":1},"into":{"description":"The record's field the value goes into.","type":"string","pattern":"^[A-Za-z_][A-Za-z0-9_-]{0,62}$"},"name":{"description":"The cache's name, within its scope.","type":"string","pattern":"^[a-z][a-z0-9-]{0,62}$","default":"default"},"scope":{"description":"Whose entries: this run's, this flow's, or the whole project's.","enum":["run","flow","project"],"default":"flow"},"missing":{"description":"A record whose key has no entry: 'keep' it as it is, 'drop' it, or 'fail' it.","enum":["keep","drop","fail"],"default":"keep"}},"required":["key","into"],"additionalProperties":false}},"minProperties":1,"maxProperties":1,"additionalProperties":false};

function validate60(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate60.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(Object.keys(data).length > 1){
const err0 = {instancePath,schemaPath:"#/maxProperties",keyword:"maxProperties",params:{limit: 1},message:"must NOT have more than 1 properties",schema:1,parentSchema:schema92,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(Object.keys(data).length < 1){
const err1 = {instancePath,schemaPath:"#/minProperties",keyword:"minProperties",params:{limit: 1},message:"must NOT have fewer than 1 properties",schema:1,parentSchema:schema92,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
for(const key0 in data){
if(!((key0 === "put") || (key0 === "get"))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema92,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.put !== undefined){
let data0 = data.put;
if(data0 && typeof data0 == "object" && !Array.isArray(data0)){
if(data0.key === undefined){
const err3 = {instancePath:instancePath+"/put",schemaPath:"#/properties/put/required",keyword:"required",params:{missingProperty: "key"},message:"must have required property '"+"key"+"'",schema:schema92.properties.put.required,parentSchema:schema92.properties.put,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
for(const key1 in data0){
if(!((((((key1 === "key") || (key1 === "value")) || (key1 === "name")) || (key1 === "scope")) || (key1 === "ttl")) || (key1 === "maxEntries"))){
const err4 = {instancePath:instancePath+"/put",schemaPath:"#/properties/put/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema92.properties.put,data:data0};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data0.key !== undefined){
let data1 = data0.key;
if(typeof data1 === "string"){
if(func1(data1) < 1){
const err5 = {instancePath:instancePath+"/put/key",schemaPath:"#/properties/put/properties/key/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema92.properties.put.properties.key,data:data1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
else {
const err6 = {instancePath:instancePath+"/put/key",schemaPath:"#/properties/put/properties/key/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema92.properties.put.properties.key.type,parentSchema:schema92.properties.put.properties.key,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data0.value !== undefined){
let data2 = data0.value;
if(typeof data2 === "string"){
if(func1(data2) < 1){
const err7 = {instancePath:instancePath+"/put/value",schemaPath:"#/properties/put/properties/value/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema92.properties.put.properties.value,data:data2};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
else {
const err8 = {instancePath:instancePath+"/put/value",schemaPath:"#/properties/put/properties/value/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema92.properties.put.properties.value.type,parentSchema:schema92.properties.put.properties.value,data:data2};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data0.name !== undefined){
let data3 = data0.name;
if(typeof data3 === "string"){
if(!pattern4.test(data3)){
const err9 = {instancePath:instancePath+"/put/name",schemaPath:"#/properties/put/properties/name/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,62}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,62}$"+"\"",schema:"^[a-z][a-z0-9-]{0,62}$",parentSchema:schema92.properties.put.properties.name,data:data3};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
else {
const err10 = {instancePath:instancePath+"/put/name",schemaPath:"#/properties/put/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema92.properties.put.properties.name.type,parentSchema:schema92.properties.put.properties.name,data:data3};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data0.scope !== undefined){
let data4 = data0.scope;
if(!(((data4 === "run") || (data4 === "flow")) || (data4 === "project"))){
const err11 = {instancePath:instancePath+"/put/scope",schemaPath:"#/properties/put/properties/scope/enum",keyword:"enum",params:{allowedValues: schema92.properties.put.properties.scope.enum},message:"must be equal to one of the allowed values",schema:schema92.properties.put.properties.scope.enum,parentSchema:schema92.properties.put.properties.scope,data:data4};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data0.ttl !== undefined){
let data5 = data0.ttl;
if(typeof data5 === "string"){
if(!pattern41.test(data5)){
const err12 = {instancePath:instancePath+"/put/ttl",schemaPath:"#/$defs/duration/pattern",keyword:"pattern",params:{pattern: "^[1-9][0-9]{0,5}(s|m|h|d|w)$"},message:"must match pattern \""+"^[1-9][0-9]{0,5}(s|m|h|d|w)$"+"\"",schema:"^[1-9][0-9]{0,5}(s|m|h|d|w)$",parentSchema:schema91,data:data5};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
else {
const err13 = {instancePath:instancePath+"/put/ttl",schemaPath:"#/$defs/duration/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema91.type,parentSchema:schema91,data:data5};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data0.maxEntries !== undefined){
let data6 = data0.maxEntries;
if(!(((typeof data6 == "number") && (!(data6 % 1) && !isNaN(data6))) && (isFinite(data6)))){
const err14 = {instancePath:instancePath+"/put/maxEntries",schemaPath:"#/properties/put/properties/maxEntries/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema92.properties.put.properties.maxEntries.type,parentSchema:schema92.properties.put.properties.maxEntries,data:data6};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
if((typeof data6 == "number") && (isFinite(data6))){
if(data6 > 10000000 || isNaN(data6)){
const err15 = {instancePath:instancePath+"/put/maxEntries",schemaPath:"#/properties/put/properties/maxEntries/maximum",keyword:"maximum",params:{comparison: "<=", limit: 10000000},message:"must be <= 10000000",schema:10000000,parentSchema:schema92.properties.put.properties.maxEntries,data:data6};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
if(data6 < 1 || isNaN(data6)){
const err16 = {instancePath:instancePath+"/put/maxEntries",schemaPath:"#/properties/put/properties/maxEntries/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema92.properties.put.properties.maxEntries,data:data6};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
}
}
else {
const err17 = {instancePath:instancePath+"/put",schemaPath:"#/properties/put/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema92.properties.put.type,parentSchema:schema92.properties.put,data:data0};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data.get !== undefined){
let data7 = data.get;
if(data7 && typeof data7 == "object" && !Array.isArray(data7)){
if(data7.key === undefined){
const err18 = {instancePath:instancePath+"/get",schemaPath:"#/properties/get/required",keyword:"required",params:{missingProperty: "key"},message:"must have required property '"+"key"+"'",schema:schema92.properties.get.required,parentSchema:schema92.properties.get,data:data7};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
if(data7.into === undefined){
const err19 = {instancePath:instancePath+"/get",schemaPath:"#/properties/get/required",keyword:"required",params:{missingProperty: "into"},message:"must have required property '"+"into"+"'",schema:schema92.properties.get.required,parentSchema:schema92.properties.get,data:data7};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
for(const key2 in data7){
if(!(((((key2 === "key") || (key2 === "into")) || (key2 === "name")) || (key2 === "scope")) || (key2 === "missing"))){
const err20 = {instancePath:instancePath+"/get",schemaPath:"#/properties/get/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema92.properties.get,data:data7};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data7.key !== undefined){
let data8 = data7.key;
if(typeof data8 === "string"){
if(func1(data8) < 1){
const err21 = {instancePath:instancePath+"/get/key",schemaPath:"#/properties/get/properties/key/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema92.properties.get.properties.key,data:data8};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
else {
const err22 = {instancePath:instancePath+"/get/key",schemaPath:"#/properties/get/properties/key/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema92.properties.get.properties.key.type,parentSchema:schema92.properties.get.properties.key,data:data8};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
if(data7.into !== undefined){
let data9 = data7.into;
if(typeof data9 === "string"){
if(!pattern45.test(data9)){
const err23 = {instancePath:instancePath+"/get/into",schemaPath:"#/properties/get/properties/into/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z_][A-Za-z0-9_-]{0,62}$"},message:"must match pattern \""+"^[A-Za-z_][A-Za-z0-9_-]{0,62}$"+"\"",schema:"^[A-Za-z_][A-Za-z0-9_-]{0,62}$",parentSchema:schema92.properties.get.properties.into,data:data9};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
else {
const err24 = {instancePath:instancePath+"/get/into",schemaPath:"#/properties/get/properties/into/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema92.properties.get.properties.into.type,parentSchema:schema92.properties.get.properties.into,data:data9};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
if(data7.name !== undefined){
let data10 = data7.name;
if(typeof data10 === "string"){
if(!pattern4.test(data10)){
const err25 = {instancePath:instancePath+"/get/name",schemaPath:"#/properties/get/properties/name/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,62}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,62}$"+"\"",schema:"^[a-z][a-z0-9-]{0,62}$",parentSchema:schema92.properties.get.properties.name,data:data10};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
else {
const err26 = {instancePath:instancePath+"/get/name",schemaPath:"#/properties/get/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema92.properties.get.properties.name.type,parentSchema:schema92.properties.get.properties.name,data:data10};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data7.scope !== undefined){
let data11 = data7.scope;
if(!(((data11 === "run") || (data11 === "flow")) || (data11 === "project"))){
const err27 = {instancePath:instancePath+"/get/scope",schemaPath:"#/properties/get/properties/scope/enum",keyword:"enum",params:{allowedValues: schema92.properties.get.properties.scope.enum},message:"must be equal to one of the allowed values",schema:schema92.properties.get.properties.scope.enum,parentSchema:schema92.properties.get.properties.scope,data:data11};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
if(data7.missing !== undefined){
let data12 = data7.missing;
if(!(((data12 === "keep") || (data12 === "drop")) || (data12 === "fail"))){
const err28 = {instancePath:instancePath+"/get/missing",schemaPath:"#/properties/get/properties/missing/enum",keyword:"enum",params:{allowedValues: schema92.properties.get.properties.missing.enum},message:"must be equal to one of the allowed values",schema:schema92.properties.get.properties.missing.enum,parentSchema:schema92.properties.get.properties.missing,data:data12};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
}
else {
const err29 = {instancePath:instancePath+"/get",schemaPath:"#/properties/get/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema92.properties.get.type,parentSchema:schema92.properties.get,data:data7};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
}
else {
const err30 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema92.type,parentSchema:schema92,data};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
validate60.errors = vErrors;
return errors === 0;
}
validate60.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

const schema96 = {"title":"Notify","description":"When the run ends with a status 'on' names, post the run's summary as the record of an instance's endpoint (a chat webhook, say): { flow, run, status, records: { in, out, failed }, failures (the first five: step, error), error, message (one sentence) }. Without an instance, the message goes to the engine's log. Records pass through unchanged; a notification that cannot be posted is logged and does not change the run's status.","type":"object","properties":{"on":{"description":"The run endings to notify: failure (the run failed), partial (records failed), success, always.","type":"array","items":{"enum":["failure","partial","success","always"]},"minItems":1,"uniqueItems":true,"default":["failure"]},"instance":{"$ref":"defs.schema.json#/$defs/name","description":"An http instance to post to."},"endpoint":{"description":"Its endpoint; its body templates read the summary as {{record.message}}, {{record.status}}, ….","type":"string","minLength":1},"input":{"$ref":"defs.schema.json#/$defs/scalarMap","description":"Values of the endpoint's inputs (templates may use {{run.x}}, {{record.x}}, {{vars.x}})."}},"additionalProperties":false};
const func0 = fastDeepEqual;

function validate62(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate62.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!((((key0 === "on") || (key0 === "instance")) || (key0 === "endpoint")) || (key0 === "input"))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema96,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.on !== undefined){
let data0 = data.on;
if(Array.isArray(data0)){
if(data0.length < 1){
const err1 = {instancePath:instancePath+"/on",schemaPath:"#/properties/on/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema96.properties.on,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
const len0 = data0.length;
for(let i0=0; i0<len0; i0++){
let data1 = data0[i0];
if(!((((data1 === "failure") || (data1 === "partial")) || (data1 === "success")) || (data1 === "always"))){
const err2 = {instancePath:instancePath+"/on/" + i0,schemaPath:"#/properties/on/items/enum",keyword:"enum",params:{allowedValues: schema96.properties.on.items.enum},message:"must be equal to one of the allowed values",schema:schema96.properties.on.items.enum,parentSchema:schema96.properties.on.items,data:data1};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
let i1 = data0.length;
let j0;
if(i1 > 1){
outer0:
for(;i1--;){
for(j0 = i1; j0--;){
if(func0(data0[i1], data0[j0])){
const err3 = {instancePath:instancePath+"/on",schemaPath:"#/properties/on/uniqueItems",keyword:"uniqueItems",params:{i: i1, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i1+" are identical)",schema:true,parentSchema:schema96.properties.on,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
break outer0;
}
}
}
}
}
else {
const err4 = {instancePath:instancePath+"/on",schemaPath:"#/properties/on/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema96.properties.on.type,parentSchema:schema96.properties.on,data:data0};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.instance !== undefined){
let data2 = data.instance;
if(typeof data2 === "string"){
if(!pattern4.test(data2)){
const err5 = {instancePath:instancePath+"/instance",schemaPath:"defs.schema.json#/$defs/name/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,62}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,62}$"+"\"",schema:"^[a-z][a-z0-9-]{0,62}$",parentSchema:schema35,data:data2};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
else {
const err6 = {instancePath:instancePath+"/instance",schemaPath:"defs.schema.json#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.type,parentSchema:schema35,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.endpoint !== undefined){
let data3 = data.endpoint;
if(typeof data3 === "string"){
if(func1(data3) < 1){
const err7 = {instancePath:instancePath+"/endpoint",schemaPath:"#/properties/endpoint/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema96.properties.endpoint,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
else {
const err8 = {instancePath:instancePath+"/endpoint",schemaPath:"#/properties/endpoint/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema96.properties.endpoint.type,parentSchema:schema96.properties.endpoint,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.input !== undefined){
let data4 = data.input;
if(data4 && typeof data4 == "object" && !Array.isArray(data4)){
for(const key1 in data4){
let data5 = data4[key1];
if(((typeof data5 !== "string") && (!((typeof data5 == "number") && (isFinite(data5))))) && (typeof data5 !== "boolean")){
const err9 = {instancePath:instancePath+"/input/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"defs.schema.json#/$defs/scalarMap/additionalProperties/type",keyword:"type",params:{type: schema60.additionalProperties.type},message:"must be string,number,boolean",schema:schema60.additionalProperties.type,parentSchema:schema60.additionalProperties,data:data5};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
}
else {
const err10 = {instancePath:instancePath+"/input",schemaPath:"defs.schema.json#/$defs/scalarMap/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema60.type,parentSchema:schema60,data:data4};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
}
else {
const err11 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema96.type,parentSchema:schema96,data};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
validate62.errors = vErrors;
return errors === 0;
}
validate62.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

const schema99 = {"title":"RunFlow","description":"Pass the records to another flow as its input: a child run per chunk of records, recorded and linked to this run. With wait (the default) the step waits for the child run: one that fails fails these records; otherwise they go on unchanged.","type":"object","properties":{"flow":{"$ref":"defs.schema.json#/$defs/name","description":"The flow to run (its own trigger is not used)."},"wait":{"description":"Wait for the child run's end before the records go on.","type":"boolean","default":true}},"required":["flow"],"additionalProperties":false};

function validate64(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate64.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.flow === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "flow"},message:"must have required property '"+"flow"+"'",schema:schema99.required,parentSchema:schema99,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!((key0 === "flow") || (key0 === "wait"))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema99,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.flow !== undefined){
let data0 = data.flow;
if(typeof data0 === "string"){
if(!pattern4.test(data0)){
const err2 = {instancePath:instancePath+"/flow",schemaPath:"defs.schema.json#/$defs/name/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,62}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,62}$"+"\"",schema:"^[a-z][a-z0-9-]{0,62}$",parentSchema:schema35,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
else {
const err3 = {instancePath:instancePath+"/flow",schemaPath:"defs.schema.json#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.type,parentSchema:schema35,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.wait !== undefined){
let data1 = data.wait;
if(typeof data1 !== "boolean"){
const err4 = {instancePath:instancePath+"/wait",schemaPath:"#/properties/wait/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema99.properties.wait.type,parentSchema:schema99.properties.wait,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
}
else {
const err5 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema99.type,parentSchema:schema99,data};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
validate64.errors = vErrors;
return errors === 0;
}
validate64.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

const schema101 = {"title":"Enrich","description":"Call an endpoint of an http instance for each record and put its JSON answer (or what 'select' makes of it) into a field of the record. Requests that are the same within a run share one call; secret values an API echoes are replaced by their placeholders.","type":"object","properties":{"instance":{"$ref":"defs.schema.json#/$defs/name","description":"The instance to call."},"endpoint":{"description":"One of its connector's endpoints (a GET, usually).","type":"string","minLength":1},"input":{"$ref":"defs.schema.json#/$defs/scalarMap","description":"Values of the endpoint's inputs; templates may use {{record.x}}, {{run.x}} and {{vars.x}}."},"into":{"description":"The record's field the answer goes into.","type":"string","pattern":"^[A-Za-z_][A-Za-z0-9_-]{0,62}$"},"select":{"description":"A JSONata expression over the answer ($record is the record): what goes into the field.","type":"string","minLength":1},"missing":{"description":"A 404: 'fail' the record, 'keep' it as it is, or 'drop' it.","enum":["fail","keep","drop"],"default":"fail"},"concurrency":{"description":"Calls in flight at once.","type":"integer","minimum":1,"maximum":64,"default":4}},"required":["instance","endpoint","into"],"additionalProperties":false};

function validate66(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate66.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.instance === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "instance"},message:"must have required property '"+"instance"+"'",schema:schema101.required,parentSchema:schema101,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.endpoint === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "endpoint"},message:"must have required property '"+"endpoint"+"'",schema:schema101.required,parentSchema:schema101,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.into === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "into"},message:"must have required property '"+"into"+"'",schema:schema101.required,parentSchema:schema101,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
for(const key0 in data){
if(!(((((((key0 === "instance") || (key0 === "endpoint")) || (key0 === "input")) || (key0 === "into")) || (key0 === "select")) || (key0 === "missing")) || (key0 === "concurrency"))){
const err3 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema101,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.instance !== undefined){
let data0 = data.instance;
if(typeof data0 === "string"){
if(!pattern4.test(data0)){
const err4 = {instancePath:instancePath+"/instance",schemaPath:"defs.schema.json#/$defs/name/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,62}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,62}$"+"\"",schema:"^[a-z][a-z0-9-]{0,62}$",parentSchema:schema35,data:data0};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
else {
const err5 = {instancePath:instancePath+"/instance",schemaPath:"defs.schema.json#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.type,parentSchema:schema35,data:data0};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.endpoint !== undefined){
let data1 = data.endpoint;
if(typeof data1 === "string"){
if(func1(data1) < 1){
const err6 = {instancePath:instancePath+"/endpoint",schemaPath:"#/properties/endpoint/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema101.properties.endpoint,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
else {
const err7 = {instancePath:instancePath+"/endpoint",schemaPath:"#/properties/endpoint/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema101.properties.endpoint.type,parentSchema:schema101.properties.endpoint,data:data1};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.input !== undefined){
let data2 = data.input;
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
for(const key1 in data2){
let data3 = data2[key1];
if(((typeof data3 !== "string") && (!((typeof data3 == "number") && (isFinite(data3))))) && (typeof data3 !== "boolean")){
const err8 = {instancePath:instancePath+"/input/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"defs.schema.json#/$defs/scalarMap/additionalProperties/type",keyword:"type",params:{type: schema60.additionalProperties.type},message:"must be string,number,boolean",schema:schema60.additionalProperties.type,parentSchema:schema60.additionalProperties,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
}
else {
const err9 = {instancePath:instancePath+"/input",schemaPath:"defs.schema.json#/$defs/scalarMap/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema60.type,parentSchema:schema60,data:data2};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data.into !== undefined){
let data4 = data.into;
if(typeof data4 === "string"){
if(!pattern45.test(data4)){
const err10 = {instancePath:instancePath+"/into",schemaPath:"#/properties/into/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z_][A-Za-z0-9_-]{0,62}$"},message:"must match pattern \""+"^[A-Za-z_][A-Za-z0-9_-]{0,62}$"+"\"",schema:"^[A-Za-z_][A-Za-z0-9_-]{0,62}$",parentSchema:schema101.properties.into,data:data4};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
else {
const err11 = {instancePath:instancePath+"/into",schemaPath:"#/properties/into/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema101.properties.into.type,parentSchema:schema101.properties.into,data:data4};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data.select !== undefined){
let data5 = data.select;
if(typeof data5 === "string"){
if(func1(data5) < 1){
const err12 = {instancePath:instancePath+"/select",schemaPath:"#/properties/select/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema101.properties.select,data:data5};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
else {
const err13 = {instancePath:instancePath+"/select",schemaPath:"#/properties/select/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema101.properties.select.type,parentSchema:schema101.properties.select,data:data5};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data.missing !== undefined){
let data6 = data.missing;
if(!(((data6 === "fail") || (data6 === "keep")) || (data6 === "drop"))){
const err14 = {instancePath:instancePath+"/missing",schemaPath:"#/properties/missing/enum",keyword:"enum",params:{allowedValues: schema101.properties.missing.enum},message:"must be equal to one of the allowed values",schema:schema101.properties.missing.enum,parentSchema:schema101.properties.missing,data:data6};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data.concurrency !== undefined){
let data7 = data.concurrency;
if(!(((typeof data7 == "number") && (!(data7 % 1) && !isNaN(data7))) && (isFinite(data7)))){
const err15 = {instancePath:instancePath+"/concurrency",schemaPath:"#/properties/concurrency/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema101.properties.concurrency.type,parentSchema:schema101.properties.concurrency,data:data7};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
if((typeof data7 == "number") && (isFinite(data7))){
if(data7 > 64 || isNaN(data7)){
const err16 = {instancePath:instancePath+"/concurrency",schemaPath:"#/properties/concurrency/maximum",keyword:"maximum",params:{comparison: "<=", limit: 64},message:"must be <= 64",schema:64,parentSchema:schema101.properties.concurrency,data:data7};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
if(data7 < 1 || isNaN(data7)){
const err17 = {instancePath:instancePath+"/concurrency",schemaPath:"#/properties/concurrency/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema101.properties.concurrency,data:data7};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
}
}
else {
const err18 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema101.type,parentSchema:schema101,data};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
validate66.errors = vErrors;
return errors === 0;
}
validate66.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};


function validate46(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate46.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
const _errs1 = errors;
let valid0 = false;
let passing0 = null;
const _errs2 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.receive === undefined){
const err0 = {instancePath,schemaPath:"#/oneOf/0/required",keyword:"required",params:{missingProperty: "receive"},message:"must have required property '"+"receive"+"'",schema:schema79.oneOf[0].required,parentSchema:schema79.oneOf[0],data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
var _valid0 = _errs2 === errors;
if(_valid0){
valid0 = true;
passing0 = 0;
}
const _errs3 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.filter === undefined){
const err1 = {instancePath,schemaPath:"#/oneOf/1/required",keyword:"required",params:{missingProperty: "filter"},message:"must have required property '"+"filter"+"'",schema:schema79.oneOf[1].required,parentSchema:schema79.oneOf[1],data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
var _valid0 = _errs3 === errors;
if(_valid0 && valid0){
valid0 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid0 = true;
passing0 = 1;
}
const _errs4 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.map === undefined){
const err2 = {instancePath,schemaPath:"#/oneOf/2/required",keyword:"required",params:{missingProperty: "map"},message:"must have required property '"+"map"+"'",schema:schema79.oneOf[2].required,parentSchema:schema79.oneOf[2],data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
var _valid0 = _errs4 === errors;
if(_valid0 && valid0){
valid0 = false;
passing0 = [passing0, 2];
}
else {
if(_valid0){
valid0 = true;
passing0 = 2;
}
const _errs5 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.send === undefined){
const err3 = {instancePath,schemaPath:"#/oneOf/3/required",keyword:"required",params:{missingProperty: "send"},message:"must have required property '"+"send"+"'",schema:schema79.oneOf[3].required,parentSchema:schema79.oneOf[3],data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
var _valid0 = _errs5 === errors;
if(_valid0 && valid0){
valid0 = false;
passing0 = [passing0, 3];
}
else {
if(_valid0){
valid0 = true;
passing0 = 3;
}
const _errs6 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.publish === undefined){
const err4 = {instancePath,schemaPath:"#/oneOf/4/required",keyword:"required",params:{missingProperty: "publish"},message:"must have required property '"+"publish"+"'",schema:schema79.oneOf[4].required,parentSchema:schema79.oneOf[4],data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
var _valid0 = _errs6 === errors;
if(_valid0 && valid0){
valid0 = false;
passing0 = [passing0, 4];
}
else {
if(_valid0){
valid0 = true;
passing0 = 4;
}
const _errs7 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.route === undefined){
const err5 = {instancePath,schemaPath:"#/oneOf/5/required",keyword:"required",params:{missingProperty: "route"},message:"must have required property '"+"route"+"'",schema:schema79.oneOf[5].required,parentSchema:schema79.oneOf[5],data};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
var _valid0 = _errs7 === errors;
if(_valid0 && valid0){
valid0 = false;
passing0 = [passing0, 5];
}
else {
if(_valid0){
valid0 = true;
passing0 = 5;
}
const _errs8 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.branch === undefined){
const err6 = {instancePath,schemaPath:"#/oneOf/6/required",keyword:"required",params:{missingProperty: "branch"},message:"must have required property '"+"branch"+"'",schema:schema79.oneOf[6].required,parentSchema:schema79.oneOf[6],data};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
var _valid0 = _errs8 === errors;
if(_valid0 && valid0){
valid0 = false;
passing0 = [passing0, 6];
}
else {
if(_valid0){
valid0 = true;
passing0 = 6;
}
const _errs9 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.try === undefined){
const err7 = {instancePath,schemaPath:"#/oneOf/7/required",keyword:"required",params:{missingProperty: "try"},message:"must have required property '"+"try"+"'",schema:schema79.oneOf[7].required,parentSchema:schema79.oneOf[7],data};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
var _valid0 = _errs9 === errors;
if(_valid0 && valid0){
valid0 = false;
passing0 = [passing0, 7];
}
else {
if(_valid0){
valid0 = true;
passing0 = 7;
}
const _errs10 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.dedupe === undefined){
const err8 = {instancePath,schemaPath:"#/oneOf/8/required",keyword:"required",params:{missingProperty: "dedupe"},message:"must have required property '"+"dedupe"+"'",schema:schema79.oneOf[8].required,parentSchema:schema79.oneOf[8],data};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
var _valid0 = _errs10 === errors;
if(_valid0 && valid0){
valid0 = false;
passing0 = [passing0, 8];
}
else {
if(_valid0){
valid0 = true;
passing0 = 8;
}
const _errs11 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.cache === undefined){
const err9 = {instancePath,schemaPath:"#/oneOf/9/required",keyword:"required",params:{missingProperty: "cache"},message:"must have required property '"+"cache"+"'",schema:schema79.oneOf[9].required,parentSchema:schema79.oneOf[9],data};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
var _valid0 = _errs11 === errors;
if(_valid0 && valid0){
valid0 = false;
passing0 = [passing0, 9];
}
else {
if(_valid0){
valid0 = true;
passing0 = 9;
}
const _errs12 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.split === undefined){
const err10 = {instancePath,schemaPath:"#/oneOf/10/required",keyword:"required",params:{missingProperty: "split"},message:"must have required property '"+"split"+"'",schema:schema79.oneOf[10].required,parentSchema:schema79.oneOf[10],data};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
var _valid0 = _errs12 === errors;
if(_valid0 && valid0){
valid0 = false;
passing0 = [passing0, 10];
}
else {
if(_valid0){
valid0 = true;
passing0 = 10;
}
const _errs13 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.batch === undefined){
const err11 = {instancePath,schemaPath:"#/oneOf/11/required",keyword:"required",params:{missingProperty: "batch"},message:"must have required property '"+"batch"+"'",schema:schema79.oneOf[11].required,parentSchema:schema79.oneOf[11],data};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
var _valid0 = _errs13 === errors;
if(_valid0 && valid0){
valid0 = false;
passing0 = [passing0, 11];
}
else {
if(_valid0){
valid0 = true;
passing0 = 11;
}
const _errs14 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.notify === undefined){
const err12 = {instancePath,schemaPath:"#/oneOf/12/required",keyword:"required",params:{missingProperty: "notify"},message:"must have required property '"+"notify"+"'",schema:schema79.oneOf[12].required,parentSchema:schema79.oneOf[12],data};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
var _valid0 = _errs14 === errors;
if(_valid0 && valid0){
valid0 = false;
passing0 = [passing0, 12];
}
else {
if(_valid0){
valid0 = true;
passing0 = 12;
}
const _errs15 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.run === undefined){
const err13 = {instancePath,schemaPath:"#/oneOf/13/required",keyword:"required",params:{missingProperty: "run"},message:"must have required property '"+"run"+"'",schema:schema79.oneOf[13].required,parentSchema:schema79.oneOf[13],data};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
var _valid0 = _errs15 === errors;
if(_valid0 && valid0){
valid0 = false;
passing0 = [passing0, 13];
}
else {
if(_valid0){
valid0 = true;
passing0 = 13;
}
const _errs16 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.enrich === undefined){
const err14 = {instancePath,schemaPath:"#/oneOf/14/required",keyword:"required",params:{missingProperty: "enrich"},message:"must have required property '"+"enrich"+"'",schema:schema79.oneOf[14].required,parentSchema:schema79.oneOf[14],data};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
var _valid0 = _errs16 === errors;
if(_valid0 && valid0){
valid0 = false;
passing0 = [passing0, 14];
}
else {
if(_valid0){
valid0 = true;
passing0 = 14;
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
if(!valid0){
const err15 = {instancePath,schemaPath:"#/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf",schema:schema79.oneOf,parentSchema:schema79,data};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
else {
errors = _errs1;
if(vErrors !== null){
if(_errs1){
vErrors.length = _errs1;
}
else {
vErrors = null;
}
}
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.id === undefined){
const err16 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'",schema:schema79.required,parentSchema:schema79,data};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
for(const key0 in data){
if(!(func7.call(schema79.properties, key0))){
const err17 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema79,data};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data.id !== undefined){
let data0 = data.id;
if(typeof data0 === "string"){
if(!pattern4.test(data0)){
const err18 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,62}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,62}$"+"\"",schema:"^[a-z][a-z0-9-]{0,62}$",parentSchema:schema79.properties.id,data:data0};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
else {
const err19 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema79.properties.id.type,parentSchema:schema79.properties.id,data:data0};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(data.description !== undefined){
let data1 = data.description;
if(typeof data1 !== "string"){
const err20 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema79.properties.description.type,parentSchema:schema79.properties.description,data:data1};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data.receive !== undefined){
if(!(validate47(data.receive, {instancePath:instancePath+"/receive",parentData:data,parentDataProperty:"receive",rootData,dynamicAnchors}))){
{ if (vErrors === null) vErrors = validate47.errors.slice(); else for (const error of validate47.errors) vErrors.push(error); };
errors = vErrors.length;
}
}
if(data.filter !== undefined){
let data3 = data.filter;
if(typeof data3 === "string"){
if(func1(data3) < 1){
const err21 = {instancePath:instancePath+"/filter",schemaPath:"#/properties/filter/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema79.properties.filter,data:data3};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
else {
const err22 = {instancePath:instancePath+"/filter",schemaPath:"#/properties/filter/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema79.properties.filter.type,parentSchema:schema79.properties.filter,data:data3};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
if(data.map !== undefined){
let data4 = data.map;
if(typeof data4 === "string"){
if(func1(data4) < 1){
const err23 = {instancePath:instancePath+"/map",schemaPath:"#/properties/map/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema79.properties.map,data:data4};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
else {
const err24 = {instancePath:instancePath+"/map",schemaPath:"#/properties/map/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema79.properties.map.type,parentSchema:schema79.properties.map,data:data4};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
if(data.send !== undefined){
if(!(validate47(data.send, {instancePath:instancePath+"/send",parentData:data,parentDataProperty:"send",rootData,dynamicAnchors}))){
{ if (vErrors === null) vErrors = validate47.errors.slice(); else for (const error of validate47.errors) vErrors.push(error); };
errors = vErrors.length;
}
}
if(data.publish !== undefined){
if(!(validate50(data.publish, {instancePath:instancePath+"/publish",parentData:data,parentDataProperty:"publish",rootData,dynamicAnchors}))){
{ if (vErrors === null) vErrors = validate50.errors.slice(); else for (const error of validate50.errors) vErrors.push(error); };
errors = vErrors.length;
}
}
if(data.route !== undefined){
if(!(validate52(data.route, {instancePath:instancePath+"/route",parentData:data,parentDataProperty:"route",rootData,dynamicAnchors}))){
{ if (vErrors === null) vErrors = validate52.errors.slice(); else for (const error of validate52.errors) vErrors.push(error); };
errors = vErrors.length;
}
}
if(data.branch !== undefined){
if(!(validate54(data.branch, {instancePath:instancePath+"/branch",parentData:data,parentDataProperty:"branch",rootData,dynamicAnchors}))){
{ if (vErrors === null) vErrors = validate54.errors.slice(); else for (const error of validate54.errors) vErrors.push(error); };
errors = vErrors.length;
}
}
if(data.try !== undefined){
if(!(validate56(data.try, {instancePath:instancePath+"/try",parentData:data,parentDataProperty:"try",rootData,dynamicAnchors}))){
{ if (vErrors === null) vErrors = validate56.errors.slice(); else for (const error of validate56.errors) vErrors.push(error); };
errors = vErrors.length;
}
}
if(data.dedupe !== undefined){
if(!(validate58(data.dedupe, {instancePath:instancePath+"/dedupe",parentData:data,parentDataProperty:"dedupe",rootData,dynamicAnchors}))){
{ if (vErrors === null) vErrors = validate58.errors.slice(); else for (const error of validate58.errors) vErrors.push(error); };
errors = vErrors.length;
}
}
if(data.cache !== undefined){
if(!(validate60(data.cache, {instancePath:instancePath+"/cache",parentData:data,parentDataProperty:"cache",rootData,dynamicAnchors}))){
{ if (vErrors === null) vErrors = validate60.errors.slice(); else for (const error of validate60.errors) vErrors.push(error); };
errors = vErrors.length;
}
}
if(data.split !== undefined){
let data12 = data.split;
if(data12 && typeof data12 == "object" && !Array.isArray(data12)){
if(data12.items === undefined){
const err25 = {instancePath:instancePath+"/split",schemaPath:"#/$defs/split/required",keyword:"required",params:{missingProperty: "items"},message:"must have required property '"+"items"+"'",schema:schema94.required,parentSchema:schema94,data:data12};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
for(const key1 in data12){
if(!((key1 === "items") || (key1 === "parent"))){
const err26 = {instancePath:instancePath+"/split",schemaPath:"#/$defs/split/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema94,data:data12};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data12.items !== undefined){
let data13 = data12.items;
if(typeof data13 === "string"){
if(func1(data13) < 1){
const err27 = {instancePath:instancePath+"/split/items",schemaPath:"#/$defs/split/properties/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema94.properties.items,data:data13};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
else {
const err28 = {instancePath:instancePath+"/split/items",schemaPath:"#/$defs/split/properties/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema94.properties.items.type,parentSchema:schema94.properties.items,data:data13};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(data12.parent !== undefined){
let data14 = data12.parent;
if(typeof data14 === "string"){
if(!pattern45.test(data14)){
const err29 = {instancePath:instancePath+"/split/parent",schemaPath:"#/$defs/split/properties/parent/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z_][A-Za-z0-9_-]{0,62}$"},message:"must match pattern \""+"^[A-Za-z_][A-Za-z0-9_-]{0,62}$"+"\"",schema:"^[A-Za-z_][A-Za-z0-9_-]{0,62}$",parentSchema:schema94.properties.parent,data:data14};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
else {
const err30 = {instancePath:instancePath+"/split/parent",schemaPath:"#/$defs/split/properties/parent/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema94.properties.parent.type,parentSchema:schema94.properties.parent,data:data14};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
}
else {
const err31 = {instancePath:instancePath+"/split",schemaPath:"#/$defs/split/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema94.type,parentSchema:schema94,data:data12};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
if(data.batch !== undefined){
let data15 = data.batch;
if(data15 && typeof data15 == "object" && !Array.isArray(data15)){
if(data15.size === undefined){
const err32 = {instancePath:instancePath+"/batch",schemaPath:"#/$defs/batch/required",keyword:"required",params:{missingProperty: "size"},message:"must have required property '"+"size"+"'",schema:schema95.required,parentSchema:schema95,data:data15};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
for(const key2 in data15){
if(!((key2 === "size") || (key2 === "key"))){
const err33 = {instancePath:instancePath+"/batch",schemaPath:"#/$defs/batch/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema95,data:data15};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
if(data15.size !== undefined){
let data16 = data15.size;
if(!(((typeof data16 == "number") && (!(data16 % 1) && !isNaN(data16))) && (isFinite(data16)))){
const err34 = {instancePath:instancePath+"/batch/size",schemaPath:"#/$defs/batch/properties/size/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema95.properties.size.type,parentSchema:schema95.properties.size,data:data16};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
if((typeof data16 == "number") && (isFinite(data16))){
if(data16 > 10000 || isNaN(data16)){
const err35 = {instancePath:instancePath+"/batch/size",schemaPath:"#/$defs/batch/properties/size/maximum",keyword:"maximum",params:{comparison: "<=", limit: 10000},message:"must be <= 10000",schema:10000,parentSchema:schema95.properties.size,data:data16};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
if(data16 < 1 || isNaN(data16)){
const err36 = {instancePath:instancePath+"/batch/size",schemaPath:"#/$defs/batch/properties/size/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema95.properties.size,data:data16};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
}
if(data15.key !== undefined){
let data17 = data15.key;
if(typeof data17 === "string"){
if(func1(data17) < 1){
const err37 = {instancePath:instancePath+"/batch/key",schemaPath:"#/$defs/batch/properties/key/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema95.properties.key,data:data17};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
else {
const err38 = {instancePath:instancePath+"/batch/key",schemaPath:"#/$defs/batch/properties/key/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema95.properties.key.type,parentSchema:schema95.properties.key,data:data17};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
}
else {
const err39 = {instancePath:instancePath+"/batch",schemaPath:"#/$defs/batch/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema95.type,parentSchema:schema95,data:data15};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
if(data.notify !== undefined){
if(!(validate62(data.notify, {instancePath:instancePath+"/notify",parentData:data,parentDataProperty:"notify",rootData,dynamicAnchors}))){
{ if (vErrors === null) vErrors = validate62.errors.slice(); else for (const error of validate62.errors) vErrors.push(error); };
errors = vErrors.length;
}
}
if(data.run !== undefined){
if(!(validate64(data.run, {instancePath:instancePath+"/run",parentData:data,parentDataProperty:"run",rootData,dynamicAnchors}))){
{ if (vErrors === null) vErrors = validate64.errors.slice(); else for (const error of validate64.errors) vErrors.push(error); };
errors = vErrors.length;
}
}
if(data.enrich !== undefined){
if(!(validate66(data.enrich, {instancePath:instancePath+"/enrich",parentData:data,parentDataProperty:"enrich",rootData,dynamicAnchors}))){
{ if (vErrors === null) vErrors = validate66.errors.slice(); else for (const error of validate66.errors) vErrors.push(error); };
errors = vErrors.length;
}
}
if(data.limits !== undefined){
let data21 = data.limits;
if(data21 && typeof data21 == "object" && !Array.isArray(data21)){
for(const key3 in data21){
if(!(((key3 === "timeoutMs") || (key3 === "maxDepth")) || (key3 === "maxSequence"))){
const err40 = {instancePath:instancePath+"/limits",schemaPath:"#/properties/limits/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties",schema:false,parentSchema:schema79.properties.limits,data:data21};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
if(data21.timeoutMs !== undefined){
let data22 = data21.timeoutMs;
if(!(((typeof data22 == "number") && (!(data22 % 1) && !isNaN(data22))) && (isFinite(data22)))){
const err41 = {instancePath:instancePath+"/limits/timeoutMs",schemaPath:"#/properties/limits/properties/timeoutMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema79.properties.limits.properties.timeoutMs.type,parentSchema:schema79.properties.limits.properties.timeoutMs,data:data22};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
if((typeof data22 == "number") && (isFinite(data22))){
if(data22 > 60000 || isNaN(data22)){
const err42 = {instancePath:instancePath+"/limits/timeoutMs",schemaPath:"#/properties/limits/properties/timeoutMs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 60000},message:"must be <= 60000",schema:60000,parentSchema:schema79.properties.limits.properties.timeoutMs,data:data22};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
if(data22 < 1 || isNaN(data22)){
const err43 = {instancePath:instancePath+"/limits/timeoutMs",schemaPath:"#/properties/limits/properties/timeoutMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema79.properties.limits.properties.timeoutMs,data:data22};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
}
if(data21.maxDepth !== undefined){
let data23 = data21.maxDepth;
if(!(((typeof data23 == "number") && (!(data23 % 1) && !isNaN(data23))) && (isFinite(data23)))){
const err44 = {instancePath:instancePath+"/limits/maxDepth",schemaPath:"#/properties/limits/properties/maxDepth/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema79.properties.limits.properties.maxDepth.type,parentSchema:schema79.properties.limits.properties.maxDepth,data:data23};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
if((typeof data23 == "number") && (isFinite(data23))){
if(data23 > 100000 || isNaN(data23)){
const err45 = {instancePath:instancePath+"/limits/maxDepth",schemaPath:"#/properties/limits/properties/maxDepth/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100000},message:"must be <= 100000",schema:100000,parentSchema:schema79.properties.limits.properties.maxDepth,data:data23};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
if(data23 < 10 || isNaN(data23)){
const err46 = {instancePath:instancePath+"/limits/maxDepth",schemaPath:"#/properties/limits/properties/maxDepth/minimum",keyword:"minimum",params:{comparison: ">=", limit: 10},message:"must be >= 10",schema:10,parentSchema:schema79.properties.limits.properties.maxDepth,data:data23};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
}
if(data21.maxSequence !== undefined){
let data24 = data21.maxSequence;
if(!(((typeof data24 == "number") && (!(data24 % 1) && !isNaN(data24))) && (isFinite(data24)))){
const err47 = {instancePath:instancePath+"/limits/maxSequence",schemaPath:"#/properties/limits/properties/maxSequence/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema79.properties.limits.properties.maxSequence.type,parentSchema:schema79.properties.limits.properties.maxSequence,data:data24};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
if((typeof data24 == "number") && (isFinite(data24))){
if(data24 > 10000000 || isNaN(data24)){
const err48 = {instancePath:instancePath+"/limits/maxSequence",schemaPath:"#/properties/limits/properties/maxSequence/maximum",keyword:"maximum",params:{comparison: "<=", limit: 10000000},message:"must be <= 10000000",schema:10000000,parentSchema:schema79.properties.limits.properties.maxSequence,data:data24};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
if(data24 < 1 || isNaN(data24)){
const err49 = {instancePath:instancePath+"/limits/maxSequence",schemaPath:"#/properties/limits/properties/maxSequence/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema79.properties.limits.properties.maxSequence,data:data24};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
}
}
else {
const err50 = {instancePath:instancePath+"/limits",schemaPath:"#/properties/limits/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema79.properties.limits.type,parentSchema:schema79.properties.limits,data:data21};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
}
else {
const err51 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema79.type,parentSchema:schema79,data};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
validate46.errors = vErrors;
return errors === 0;
}
validate46.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};


function validate45(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate45.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(Array.isArray(data)){
if(data.length < 1){
const err0 = {instancePath,schemaPath:"#/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema78,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
const len0 = data.length;
for(let i0=0; i0<len0; i0++){
if(!(validate46(data[i0], {instancePath:instancePath+"/" + i0,parentData:data,parentDataProperty:i0,rootData,dynamicAnchors}))){
{ if (vErrors === null) vErrors = validate46.errors.slice(); else for (const error of validate46.errors) vErrors.push(error); };
errors = vErrors.length;
}
}
}
else {
const err1 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema78.type,parentSchema:schema78,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
validate45.errors = vErrors;
return errors === 0;
}
validate45.evaluated = {"items":true,"dynamicProps":false,"dynamicItems":false};


function validate42(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate42.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.trigger === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "trigger"},message:"must have required property '"+"trigger"+"'",schema:schema74.required,parentSchema:schema74,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.steps === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "steps"},message:"must have required property '"+"steps"+"'",schema:schema74.required,parentSchema:schema74,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
for(const key0 in data){
if(!((((((key0 === "enabled") || (key0 === "concurrency")) || (key0 === "onError")) || (key0 === "variables")) || (key0 === "trigger")) || (key0 === "steps"))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema74,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.enabled !== undefined){
let data0 = data.enabled;
if(typeof data0 !== "boolean"){
const err3 = {instancePath:instancePath+"/enabled",schemaPath:"#/properties/enabled/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema74.properties.enabled.type,parentSchema:schema74.properties.enabled,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.concurrency !== undefined){
let data1 = data.concurrency;
if(!(((typeof data1 == "number") && (!(data1 % 1) && !isNaN(data1))) && (isFinite(data1)))){
const err4 = {instancePath:instancePath+"/concurrency",schemaPath:"#/properties/concurrency/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema74.properties.concurrency.type,parentSchema:schema74.properties.concurrency,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if((typeof data1 == "number") && (isFinite(data1))){
if(data1 > 64 || isNaN(data1)){
const err5 = {instancePath:instancePath+"/concurrency",schemaPath:"#/properties/concurrency/maximum",keyword:"maximum",params:{comparison: "<=", limit: 64},message:"must be <= 64",schema:64,parentSchema:schema74.properties.concurrency,data:data1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if(data1 < 1 || isNaN(data1)){
const err6 = {instancePath:instancePath+"/concurrency",schemaPath:"#/properties/concurrency/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema74.properties.concurrency,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
}
if(data.onError !== undefined){
let data2 = data.onError;
if(!((data2 === "continue") || (data2 === "stop"))){
const err7 = {instancePath:instancePath+"/onError",schemaPath:"#/properties/onError/enum",keyword:"enum",params:{allowedValues: schema74.properties.onError.enum},message:"must be equal to one of the allowed values",schema:schema74.properties.onError.enum,parentSchema:schema74.properties.onError,data:data2};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.variables !== undefined){
let data3 = data.variables;
if(data3 && typeof data3 == "object" && !Array.isArray(data3)){
for(const key1 in data3){
const _errs9 = errors;
if(typeof key1 === "string"){
if(!pattern30.test(key1)){
const err8 = {instancePath:instancePath+"/variables",schemaPath:"#/properties/variables/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z_][A-Za-z0-9_]{0,62}$"},message:"must match pattern \""+"^[A-Za-z_][A-Za-z0-9_]{0,62}$"+"\"",schema:"^[A-Za-z_][A-Za-z0-9_]{0,62}$",parentSchema:schema74.properties.variables.propertyNames,data:key1,propertyName:key1};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
var valid1 = _errs9 === errors;
if(!valid1){
const err9 = {instancePath:instancePath+"/variables",schemaPath:"#/properties/variables/propertyNames",keyword:"propertyNames",params:{propertyName: key1},message:"property name must be valid",schema:schema74.properties.variables.propertyNames,parentSchema:schema74.properties.variables,data:data3};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
}
else {
const err10 = {instancePath:instancePath+"/variables",schemaPath:"#/properties/variables/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema74.properties.variables.type,parentSchema:schema74.properties.variables,data:data3};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.trigger !== undefined){
if(!(validate43(data.trigger, {instancePath:instancePath+"/trigger",parentData:data,parentDataProperty:"trigger",rootData,dynamicAnchors}))){
{ if (vErrors === null) vErrors = validate43.errors.slice(); else for (const error of validate43.errors) vErrors.push(error); };
errors = vErrors.length;
}
}
if(data.steps !== undefined){
if(!(validate45(data.steps, {instancePath:instancePath+"/steps",parentData:data,parentDataProperty:"steps",rootData,dynamicAnchors}))){
{ if (vErrors === null) vErrors = validate45.errors.slice(); else for (const error of validate45.errors) vErrors.push(error); };
errors = vErrors.length;
}
}
}
else {
const err11 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema74.type,parentSchema:schema74,data};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
validate42.errors = vErrors;
return errors === 0;
}
validate42.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};


function validate39(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
/*# sourceURL="https://weft.dev/schemas/v1/flow.schema.json" */;
let vErrors = null;
let errors = 0;
const evaluated0 = validate39.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.apiVersion === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "apiVersion"},message:"must have required property '"+"apiVersion"+"'",schema:schema69.required,parentSchema:schema69,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.kind === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'",schema:schema69.required,parentSchema:schema69,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.metadata === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "metadata"},message:"must have required property '"+"metadata"+"'",schema:schema69.required,parentSchema:schema69,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.spec === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "spec"},message:"must have required property '"+"spec"+"'",schema:schema69.required,parentSchema:schema69,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "apiVersion") || (key0 === "kind")) || (key0 === "metadata")) || (key0 === "spec"))){
const err4 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema69,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.apiVersion !== undefined){
let data0 = data.apiVersion;
if("weft/v1" !== data0){
const err5 = {instancePath:instancePath+"/apiVersion",schemaPath:"defs.schema.json#/$defs/apiVersion/const",keyword:"const",params:{allowedValue: "weft/v1"},message:"must be equal to constant",schema:"weft/v1",parentSchema:schema33,data:data0};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.kind !== undefined){
let data1 = data.kind;
if("Flow" !== data1){
const err6 = {instancePath:instancePath+"/kind",schemaPath:"#/properties/kind/const",keyword:"const",params:{allowedValue: "Flow"},message:"must be equal to constant",schema:"Flow",parentSchema:schema69.properties.kind,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.metadata !== undefined){
if(!(validate40(data.metadata, {instancePath:instancePath+"/metadata",parentData:data,parentDataProperty:"metadata",rootData,dynamicAnchors}))){
{ if (vErrors === null) vErrors = validate40.errors.slice(); else for (const error of validate40.errors) vErrors.push(error); };
errors = vErrors.length;
}
}
if(data.spec !== undefined){
if(!(validate42(data.spec, {instancePath:instancePath+"/spec",parentData:data,parentDataProperty:"spec",rootData,dynamicAnchors}))){
{ if (vErrors === null) vErrors = validate42.errors.slice(); else for (const error of validate42.errors) vErrors.push(error); };
errors = vErrors.length;
}
}
}
else {
const err7 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema69.type,parentSchema:schema69,data};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
validate39.errors = vErrors;
return errors === 0;
}
validate39.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

export const lookup = validate71;
const schema104 = {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://weft.dev/schemas/v1/lookup.schema.json","title":"Lookup","description":"A cross-reference table of left and right values (country codes, status names, account numbers), read in JSONata as $lookup('name', value) and $lookup('name', value, 'reverse').","type":"object","properties":{"apiVersion":{"$ref":"defs.schema.json#/$defs/apiVersion"},"kind":{"description":"Always 'Lookup'.","const":"Lookup"},"metadata":{"$ref":"defs.schema.json#/$defs/metadata"},"spec":{"title":"LookupSpec","description":"The table: inline entries, or a CSV file next to the YAML file.","type":"object","properties":{"description":{"description":"What the table maps, for people reading it.","type":"string"},"entries":{"description":"The table's rows; left values are unique (so are right values, for a table read in reverse).","type":"array","items":{"title":"LookupEntry","type":"object","properties":{"left":{"description":"The value looked up.","type":["string","number"]},"right":{"description":"The value it maps to.","type":["string","number"]}},"required":["left","right"],"additionalProperties":false}},"file":{"description":"A CSV file, relative to this YAML file: a header row naming the columns, then one row per entry.","type":"string","pattern":"^[^/].*\\.csv$"},"columns":{"title":"LookupColumns","description":"Which CSV columns hold the left and right values (by header name).","type":"object","properties":{"left":{"description":"The header of the left column.","type":"string","minLength":1,"default":"left"},"right":{"description":"The header of the right column.","type":"string","minLength":1,"default":"right"}},"additionalProperties":false},"missing":{"description":"A value the table does not hold: 'fail' the record, or give 'default'.","enum":["fail","default"],"default":"fail"},"default":{"description":"What a missing value gives, with missing: default.","type":["string","number","null"]}},"additionalProperties":false,"oneOf":[{"required":["entries"]},{"required":["file"]}]}},"required":["apiVersion","kind","metadata","spec"],"additionalProperties":false};

function validate72(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate72.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.name === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema34.required,parentSchema:schema34,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "name") || (key0 === "description")) || (key0 === "labels")) || (key0 === "previousNames"))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema34,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.name !== undefined){
let data0 = data.name;
if(typeof data0 === "string"){
if(!pattern4.test(data0)){
const err2 = {instancePath:instancePath+"/name",schemaPath:"#/$defs/name/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,62}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,62}$"+"\"",schema:"^[a-z][a-z0-9-]{0,62}$",parentSchema:schema35,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
else {
const err3 = {instancePath:instancePath+"/name",schemaPath:"#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.type,parentSchema:schema35,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.description !== undefined){
let data1 = data.description;
if(typeof data1 !== "string"){
const err4 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema34.properties.description.type,parentSchema:schema34.properties.description,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.labels !== undefined){
let data2 = data.labels;
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
for(const key1 in data2){
const _errs9 = errors;
if(typeof key1 === "string"){
if(!pattern5.test(key1)){
const err5 = {instancePath:instancePath+"/labels",schemaPath:"#/properties/labels/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._/-]{0,62}$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._/-]{0,62}$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9._/-]{0,62}$",parentSchema:schema34.properties.labels.propertyNames,data:key1,propertyName:key1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
var valid2 = _errs9 === errors;
if(!valid2){
const err6 = {instancePath:instancePath+"/labels",schemaPath:"#/properties/labels/propertyNames",keyword:"propertyNames",params:{propertyName: key1},message:"property name must be valid",schema:schema34.properties.labels.propertyNames,parentSchema:schema34.properties.labels,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
for(const key2 in data2){
let data3 = data2[key2];
if(typeof data3 !== "string"){
const err7 = {instancePath:instancePath+"/labels/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/labels/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema34.properties.labels.additionalProperties.type,parentSchema:schema34.properties.labels.additionalProperties,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
}
else {
const err8 = {instancePath:instancePath+"/labels",schemaPath:"#/properties/labels/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema34.properties.labels.type,parentSchema:schema34.properties.labels,data:data2};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.previousNames !== undefined){
let data4 = data.previousNames;
if(Array.isArray(data4)){
const len0 = data4.length;
for(let i0=0; i0<len0; i0++){
let data5 = data4[i0];
if(typeof data5 !== "string"){
const err9 = {instancePath:instancePath+"/previousNames/" + i0,schemaPath:"#/properties/previousNames/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema34.properties.previousNames.items.type,parentSchema:schema34.properties.previousNames.items,data:data5};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if(typeof data5 === "string"){
if(!pattern4.test(data5)){
const err10 = {instancePath:instancePath+"/previousNames/" + i0,schemaPath:"#/$defs/name/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,62}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,62}$"+"\"",schema:"^[a-z][a-z0-9-]{0,62}$",parentSchema:schema35,data:data5};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
else {
const err11 = {instancePath:instancePath+"/previousNames/" + i0,schemaPath:"#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.type,parentSchema:schema35,data:data5};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
let i1 = data4.length;
let j0;
if(i1 > 1){
const indices0 = {};
for(;i1--;){
let item0 = data4[i1];
if(typeof item0 !== "string"){
continue;
}
if(typeof indices0[item0] == "number"){
j0 = indices0[item0];
const err12 = {instancePath:instancePath+"/previousNames",schemaPath:"#/properties/previousNames/uniqueItems",keyword:"uniqueItems",params:{i: i1, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i1+" are identical)",schema:true,parentSchema:schema34.properties.previousNames,data:data4};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
break;
}
indices0[item0] = i1;
}
}
}
else {
const err13 = {instancePath:instancePath+"/previousNames",schemaPath:"#/properties/previousNames/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema34.properties.previousNames.type,parentSchema:schema34.properties.previousNames,data:data4};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
}
else {
const err14 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema34.type,parentSchema:schema34,data};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
validate72.errors = vErrors;
return errors === 0;
}
validate72.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

const pattern55 = new RegExp("^[^/].*\\.csv$", "u");

function validate71(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
/*# sourceURL="https://weft.dev/schemas/v1/lookup.schema.json" */;
let vErrors = null;
let errors = 0;
const evaluated0 = validate71.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.apiVersion === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "apiVersion"},message:"must have required property '"+"apiVersion"+"'",schema:schema104.required,parentSchema:schema104,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.kind === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'",schema:schema104.required,parentSchema:schema104,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.metadata === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "metadata"},message:"must have required property '"+"metadata"+"'",schema:schema104.required,parentSchema:schema104,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.spec === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "spec"},message:"must have required property '"+"spec"+"'",schema:schema104.required,parentSchema:schema104,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "apiVersion") || (key0 === "kind")) || (key0 === "metadata")) || (key0 === "spec"))){
const err4 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema104,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.apiVersion !== undefined){
let data0 = data.apiVersion;
if("weft/v1" !== data0){
const err5 = {instancePath:instancePath+"/apiVersion",schemaPath:"defs.schema.json#/$defs/apiVersion/const",keyword:"const",params:{allowedValue: "weft/v1"},message:"must be equal to constant",schema:"weft/v1",parentSchema:schema33,data:data0};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.kind !== undefined){
let data1 = data.kind;
if("Lookup" !== data1){
const err6 = {instancePath:instancePath+"/kind",schemaPath:"#/properties/kind/const",keyword:"const",params:{allowedValue: "Lookup"},message:"must be equal to constant",schema:"Lookup",parentSchema:schema104.properties.kind,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.metadata !== undefined){
if(!(validate72(data.metadata, {instancePath:instancePath+"/metadata",parentData:data,parentDataProperty:"metadata",rootData,dynamicAnchors}))){
{ if (vErrors === null) vErrors = validate72.errors.slice(); else for (const error of validate72.errors) vErrors.push(error); };
errors = vErrors.length;
}
}
if(data.spec !== undefined){
let data3 = data.spec;
const _errs8 = errors;
let valid2 = false;
let passing0 = null;
const _errs9 = errors;
if(data3 && typeof data3 == "object" && !Array.isArray(data3)){
if(data3.entries === undefined){
const err7 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/oneOf/0/required",keyword:"required",params:{missingProperty: "entries"},message:"must have required property '"+"entries"+"'",schema:schema104.properties.spec.oneOf[0].required,parentSchema:schema104.properties.spec.oneOf[0],data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
var _valid0 = _errs9 === errors;
if(_valid0){
valid2 = true;
passing0 = 0;
}
const _errs10 = errors;
if(data3 && typeof data3 == "object" && !Array.isArray(data3)){
if(data3.file === undefined){
const err8 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/oneOf/1/required",keyword:"required",params:{missingProperty: "file"},message:"must have required property '"+"file"+"'",schema:schema104.properties.spec.oneOf[1].required,parentSchema:schema104.properties.spec.oneOf[1],data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
var _valid0 = _errs10 === errors;
if(_valid0 && valid2){
valid2 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid2 = true;
passing0 = 1;
}
}
if(!valid2){
const err9 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf",schema:schema104.properties.spec.oneOf,parentSchema:schema104.properties.spec,data:data3};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
else {
errors = _errs8;
if(vErrors !== null){
if(_errs8){
vErrors.length = _errs8;
}
else {
vErrors = null;
}
}
}
if(data3 && typeof data3 == "object" && !Array.isArray(data3)){
for(const key1 in data3){
if(!((((((key1 === "description") || (key1 === "entries")) || (key1 === "file")) || (key1 === "columns")) || (key1 === "missing")) || (key1 === "default"))){
const err10 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema104.properties.spec,data:data3};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data3.description !== undefined){
let data4 = data3.description;
if(typeof data4 !== "string"){
const err11 = {instancePath:instancePath+"/spec/description",schemaPath:"#/properties/spec/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema104.properties.spec.properties.description.type,parentSchema:schema104.properties.spec.properties.description,data:data4};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data3.entries !== undefined){
let data5 = data3.entries;
if(Array.isArray(data5)){
const len0 = data5.length;
for(let i0=0; i0<len0; i0++){
let data6 = data5[i0];
if(data6 && typeof data6 == "object" && !Array.isArray(data6)){
if(data6.left === undefined){
const err12 = {instancePath:instancePath+"/spec/entries/" + i0,schemaPath:"#/properties/spec/properties/entries/items/required",keyword:"required",params:{missingProperty: "left"},message:"must have required property '"+"left"+"'",schema:schema104.properties.spec.properties.entries.items.required,parentSchema:schema104.properties.spec.properties.entries.items,data:data6};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
if(data6.right === undefined){
const err13 = {instancePath:instancePath+"/spec/entries/" + i0,schemaPath:"#/properties/spec/properties/entries/items/required",keyword:"required",params:{missingProperty: "right"},message:"must have required property '"+"right"+"'",schema:schema104.properties.spec.properties.entries.items.required,parentSchema:schema104.properties.spec.properties.entries.items,data:data6};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
for(const key2 in data6){
if(!((key2 === "left") || (key2 === "right"))){
const err14 = {instancePath:instancePath+"/spec/entries/" + i0,schemaPath:"#/properties/spec/properties/entries/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema104.properties.spec.properties.entries.items,data:data6};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data6.left !== undefined){
let data7 = data6.left;
if((typeof data7 !== "string") && (!((typeof data7 == "number") && (isFinite(data7))))){
const err15 = {instancePath:instancePath+"/spec/entries/" + i0+"/left",schemaPath:"#/properties/spec/properties/entries/items/properties/left/type",keyword:"type",params:{type: schema104.properties.spec.properties.entries.items.properties.left.type},message:"must be string,number",schema:schema104.properties.spec.properties.entries.items.properties.left.type,parentSchema:schema104.properties.spec.properties.entries.items.properties.left,data:data7};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data6.right !== undefined){
let data8 = data6.right;
if((typeof data8 !== "string") && (!((typeof data8 == "number") && (isFinite(data8))))){
const err16 = {instancePath:instancePath+"/spec/entries/" + i0+"/right",schemaPath:"#/properties/spec/properties/entries/items/properties/right/type",keyword:"type",params:{type: schema104.properties.spec.properties.entries.items.properties.right.type},message:"must be string,number",schema:schema104.properties.spec.properties.entries.items.properties.right.type,parentSchema:schema104.properties.spec.properties.entries.items.properties.right,data:data8};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
}
else {
const err17 = {instancePath:instancePath+"/spec/entries/" + i0,schemaPath:"#/properties/spec/properties/entries/items/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema104.properties.spec.properties.entries.items.type,parentSchema:schema104.properties.spec.properties.entries.items,data:data6};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
}
else {
const err18 = {instancePath:instancePath+"/spec/entries",schemaPath:"#/properties/spec/properties/entries/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema104.properties.spec.properties.entries.type,parentSchema:schema104.properties.spec.properties.entries,data:data5};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
if(data3.file !== undefined){
let data9 = data3.file;
if(typeof data9 === "string"){
if(!pattern55.test(data9)){
const err19 = {instancePath:instancePath+"/spec/file",schemaPath:"#/properties/spec/properties/file/pattern",keyword:"pattern",params:{pattern: "^[^/].*\\.csv$"},message:"must match pattern \""+"^[^/].*\\.csv$"+"\"",schema:"^[^/].*\\.csv$",parentSchema:schema104.properties.spec.properties.file,data:data9};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
else {
const err20 = {instancePath:instancePath+"/spec/file",schemaPath:"#/properties/spec/properties/file/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema104.properties.spec.properties.file.type,parentSchema:schema104.properties.spec.properties.file,data:data9};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data3.columns !== undefined){
let data10 = data3.columns;
if(data10 && typeof data10 == "object" && !Array.isArray(data10)){
for(const key3 in data10){
if(!((key3 === "left") || (key3 === "right"))){
const err21 = {instancePath:instancePath+"/spec/columns",schemaPath:"#/properties/spec/properties/columns/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties",schema:false,parentSchema:schema104.properties.spec.properties.columns,data:data10};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data10.left !== undefined){
let data11 = data10.left;
if(typeof data11 === "string"){
if(func1(data11) < 1){
const err22 = {instancePath:instancePath+"/spec/columns/left",schemaPath:"#/properties/spec/properties/columns/properties/left/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema104.properties.spec.properties.columns.properties.left,data:data11};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
else {
const err23 = {instancePath:instancePath+"/spec/columns/left",schemaPath:"#/properties/spec/properties/columns/properties/left/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema104.properties.spec.properties.columns.properties.left.type,parentSchema:schema104.properties.spec.properties.columns.properties.left,data:data11};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
if(data10.right !== undefined){
let data12 = data10.right;
if(typeof data12 === "string"){
if(func1(data12) < 1){
const err24 = {instancePath:instancePath+"/spec/columns/right",schemaPath:"#/properties/spec/properties/columns/properties/right/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema104.properties.spec.properties.columns.properties.right,data:data12};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
else {
const err25 = {instancePath:instancePath+"/spec/columns/right",schemaPath:"#/properties/spec/properties/columns/properties/right/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema104.properties.spec.properties.columns.properties.right.type,parentSchema:schema104.properties.spec.properties.columns.properties.right,data:data12};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
}
else {
const err26 = {instancePath:instancePath+"/spec/columns",schemaPath:"#/properties/spec/properties/columns/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema104.properties.spec.properties.columns.type,parentSchema:schema104.properties.spec.properties.columns,data:data10};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data3.missing !== undefined){
let data13 = data3.missing;
if(!((data13 === "fail") || (data13 === "default"))){
const err27 = {instancePath:instancePath+"/spec/missing",schemaPath:"#/properties/spec/properties/missing/enum",keyword:"enum",params:{allowedValues: schema104.properties.spec.properties.missing.enum},message:"must be equal to one of the allowed values",schema:schema104.properties.spec.properties.missing.enum,parentSchema:schema104.properties.spec.properties.missing,data:data13};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
if(data3.default !== undefined){
let data14 = data3.default;
if(((typeof data14 !== "string") && (!((typeof data14 == "number") && (isFinite(data14))))) && (data14 !== null)){
const err28 = {instancePath:instancePath+"/spec/default",schemaPath:"#/properties/spec/properties/default/type",keyword:"type",params:{type: schema104.properties.spec.properties.default.type},message:"must be string,number,null",schema:schema104.properties.spec.properties.default.type,parentSchema:schema104.properties.spec.properties.default,data:data14};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
}
else {
const err29 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema104.properties.spec.type,parentSchema:schema104.properties.spec,data:data3};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
}
else {
const err30 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema104.type,parentSchema:schema104,data};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
validate71.errors = vErrors;
return errors === 0;
}
validate71.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

export const test = validate74;
const schema109 = {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://weft.dev/schemas/v1/test.schema.json","title":"Test","description":"A unit test of a flow, run by weft test through the real runtime with no network and no secrets: records in, the answers of each instance's endpoints given, the requests the flow sends and the records it fails expected.","type":"object","properties":{"apiVersion":{"$ref":"defs.schema.json#/$defs/apiVersion"},"kind":{"description":"Always 'Test'.","const":"Test"},"metadata":{"$ref":"defs.schema.json#/$defs/metadata"},"spec":{"title":"TestSpec","description":"The flow under test, what it is given, what its endpoints answer, and what is expected.","type":"object","properties":{"flow":{"$ref":"defs.schema.json#/$defs/name","description":"The flow to run."},"now":{"description":"The run's clock: its start (ISO 8601), what cache TTLs and dedupe windows are measured from.","type":"string","pattern":"^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})$","default":"2026-01-01T00:00:00Z"},"given":{"title":"TestInput","description":"What the run is given instead of its first step's source: exactly one of records inline, a file of records, a webhook's body or a broker message. Without it, a flow that starts with a receive fetches its records from the responses.","type":"object","properties":{"records":{"description":"The records, inline.","type":"array"},"file":{"description":"The records in a file next to the test: a JSON array, or NDJSON (one JSON value a line).","type":"string","pattern":"^[^/].*\\.(json|ndjson|jsonl)$"},"webhook":{"description":"A webhook's JSON body: the run's one record, as the engine gives it.","type":["object","array"]},"message":{"title":"TestMessage","description":"A broker message: its JSON body is the run's one record, and its id what idempotency keys and published ids derive from.","type":"object","properties":{"id":{"description":"The message id.","type":"string","minLength":1,"default":"test-message"},"body":{"description":"The message's JSON body."}},"required":["body"],"additionalProperties":false}},"minProperties":1,"maxProperties":1,"additionalProperties":false},"state":{"$ref":"#/$defs/state","description":"Dedupe keys already seen and cache entries already stored when the run starts (as a run before it would have left them)."},"responses":{"description":"What the endpoints answer. A request takes the first response that matches it; a request no response matches fails the test, naming it.","type":"array","items":{"title":"TestResponse","type":"object","properties":{"instance":{"$ref":"defs.schema.json#/$defs/name","description":"The instance called."},"endpoint":{"description":"Only requests of this endpoint (any of the instance's, when absent).","type":"string","minLength":1},"request":{"title":"TestRequestMatch","description":"Only requests like this: each field given must match.","type":"object","properties":{"method":{"description":"The HTTP method.","enum":["GET","POST","PUT","PATCH","DELETE"]},"path":{"description":"The URL's path, exactly.","type":"string","minLength":1},"query":{"description":"Query parameters the URL must have, with these values.","type":"object","additionalProperties":{"type":"string"}},"body":{"description":"A JSON body the request's must contain (fields not given are not compared)."}},"additionalProperties":false},"status":{"description":"The answer's status.","type":"integer","minimum":100,"maximum":599,"default":200},"headers":{"description":"The answer's headers.","type":"object","additionalProperties":{"type":"string"}},"body":{"description":"The answer's body: JSON (a string is sent as it is)."}},"required":["instance"],"additionalProperties":false}},"expect":{"title":"TestExpectation","description":"What the run must do.","type":"object","properties":{"status":{"description":"How the run ends.","enum":["succeeded","partial","failed"]},"requests":{"description":"The requests sent to endpoints, by instance (and endpoint): their JSON bodies in order.","type":"array","items":{"title":"TestExpectedRequests","type":"object","properties":{"instance":{"$ref":"defs.schema.json#/$defs/name","description":"The instance called."},"endpoint":{"description":"Only requests of this endpoint.","type":"string","minLength":1},"match":{"description":"'exact': each body equals the expected one; 'partial': each body holds at least the expected fields.","enum":["exact","partial"],"default":"exact"},"bodies":{"description":"The bodies, in the order they were sent (as many as were sent).","type":"array"}},"required":["instance","bodies"],"additionalProperties":false}},"failures":{"description":"The records the run fails, in order: their step path and a pattern of their error (a regular expression).","type":"array","items":{"title":"TestExpectedFailure","type":"object","properties":{"step":{"description":"The step path ('push', 'by-market/domestic/uk-subsidiary').","type":"string","minLength":1},"message":{"description":"A regular expression the error must match.","type":"string"}},"required":["step"],"additionalProperties":false}},"messages":{"description":"The messages publish steps put on a broker, by instance (and exchange, routing key): their JSON bodies in order. Published messages are kept in the test, never sent.","type":"array","items":{"title":"TestExpectedMessages","type":"object","properties":{"instance":{"$ref":"defs.schema.json#/$defs/name","description":"The event instance published to."},"exchange":{"description":"Only messages to this exchange.","type":"string","minLength":1},"routingKey":{"description":"Only messages with this routing key.","type":"string"},"match":{"description":"'exact': each body equals the expected one; 'partial': each body holds at least the expected fields.","enum":["exact","partial"],"default":"exact"},"bodies":{"description":"The bodies, in the order they were published (as many as were published).","type":"array"}},"required":["instance","bodies"],"additionalProperties":false}},"state":{"$ref":"#/$defs/state","description":"Dedupe keys and cache entries after the run: each step listed holds exactly these (those not listed are not compared)."}},"additionalProperties":false}},"required":["flow","expect"],"additionalProperties":false}},"required":["apiVersion","kind","metadata","spec"],"additionalProperties":false,"$defs":{"state":{"title":"TestState","description":"Dedupe keys and cache entries, by the step that uses them.","type":"object","properties":{"dedupe":{"description":"Keys of dedupe steps' pools (a named pool, or the step's own).","type":"array","items":{"title":"TestDedupeKeys","type":"object","properties":{"step":{"description":"The path of a dedupe step of the flow ('skip-seen', 'by-market/domestic/skip-seen').","type":"string","minLength":1},"keys":{"description":"The keys, as the step's key expression gives them (text, or numbers).","type":"array","items":{"type":["string","number"]}}},"required":["step","keys"],"additionalProperties":false}},"cache":{"description":"Entries of cache steps' caches (by the step's name and scope).","type":"array","items":{"title":"TestCacheEntries","type":"object","properties":{"step":{"description":"The path of a cache step of the flow (a put or a get of the cache meant).","type":"string","minLength":1},"entries":{"description":"The entries: each key's JSON value.","type":"object"}},"required":["step","entries"],"additionalProperties":false}}},"additionalProperties":false}}};
const schema115 = {"title":"TestState","description":"Dedupe keys and cache entries, by the step that uses them.","type":"object","properties":{"dedupe":{"description":"Keys of dedupe steps' pools (a named pool, or the step's own).","type":"array","items":{"title":"TestDedupeKeys","type":"object","properties":{"step":{"description":"The path of a dedupe step of the flow ('skip-seen', 'by-market/domestic/skip-seen').","type":"string","minLength":1},"keys":{"description":"The keys, as the step's key expression gives them (text, or numbers).","type":"array","items":{"type":["string","number"]}}},"required":["step","keys"],"additionalProperties":false}},"cache":{"description":"Entries of cache steps' caches (by the step's name and scope).","type":"array","items":{"title":"TestCacheEntries","type":"object","properties":{"step":{"description":"The path of a cache step of the flow (a put or a get of the cache meant).","type":"string","minLength":1},"entries":{"description":"The entries: each key's JSON value.","type":"object"}},"required":["step","entries"],"additionalProperties":false}}},"additionalProperties":false};

function validate75(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate75.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.name === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema34.required,parentSchema:schema34,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "name") || (key0 === "description")) || (key0 === "labels")) || (key0 === "previousNames"))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema34,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.name !== undefined){
let data0 = data.name;
if(typeof data0 === "string"){
if(!pattern4.test(data0)){
const err2 = {instancePath:instancePath+"/name",schemaPath:"#/$defs/name/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,62}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,62}$"+"\"",schema:"^[a-z][a-z0-9-]{0,62}$",parentSchema:schema35,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
else {
const err3 = {instancePath:instancePath+"/name",schemaPath:"#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.type,parentSchema:schema35,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.description !== undefined){
let data1 = data.description;
if(typeof data1 !== "string"){
const err4 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema34.properties.description.type,parentSchema:schema34.properties.description,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.labels !== undefined){
let data2 = data.labels;
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
for(const key1 in data2){
const _errs9 = errors;
if(typeof key1 === "string"){
if(!pattern5.test(key1)){
const err5 = {instancePath:instancePath+"/labels",schemaPath:"#/properties/labels/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._/-]{0,62}$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._/-]{0,62}$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9._/-]{0,62}$",parentSchema:schema34.properties.labels.propertyNames,data:key1,propertyName:key1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
var valid2 = _errs9 === errors;
if(!valid2){
const err6 = {instancePath:instancePath+"/labels",schemaPath:"#/properties/labels/propertyNames",keyword:"propertyNames",params:{propertyName: key1},message:"property name must be valid",schema:schema34.properties.labels.propertyNames,parentSchema:schema34.properties.labels,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
for(const key2 in data2){
let data3 = data2[key2];
if(typeof data3 !== "string"){
const err7 = {instancePath:instancePath+"/labels/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/labels/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema34.properties.labels.additionalProperties.type,parentSchema:schema34.properties.labels.additionalProperties,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
}
else {
const err8 = {instancePath:instancePath+"/labels",schemaPath:"#/properties/labels/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema34.properties.labels.type,parentSchema:schema34.properties.labels,data:data2};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.previousNames !== undefined){
let data4 = data.previousNames;
if(Array.isArray(data4)){
const len0 = data4.length;
for(let i0=0; i0<len0; i0++){
let data5 = data4[i0];
if(typeof data5 !== "string"){
const err9 = {instancePath:instancePath+"/previousNames/" + i0,schemaPath:"#/properties/previousNames/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema34.properties.previousNames.items.type,parentSchema:schema34.properties.previousNames.items,data:data5};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if(typeof data5 === "string"){
if(!pattern4.test(data5)){
const err10 = {instancePath:instancePath+"/previousNames/" + i0,schemaPath:"#/$defs/name/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,62}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,62}$"+"\"",schema:"^[a-z][a-z0-9-]{0,62}$",parentSchema:schema35,data:data5};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
else {
const err11 = {instancePath:instancePath+"/previousNames/" + i0,schemaPath:"#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.type,parentSchema:schema35,data:data5};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
let i1 = data4.length;
let j0;
if(i1 > 1){
const indices0 = {};
for(;i1--;){
let item0 = data4[i1];
if(typeof item0 !== "string"){
continue;
}
if(typeof indices0[item0] == "number"){
j0 = indices0[item0];
const err12 = {instancePath:instancePath+"/previousNames",schemaPath:"#/properties/previousNames/uniqueItems",keyword:"uniqueItems",params:{i: i1, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i1+" are identical)",schema:true,parentSchema:schema34.properties.previousNames,data:data4};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
break;
}
indices0[item0] = i1;
}
}
}
else {
const err13 = {instancePath:instancePath+"/previousNames",schemaPath:"#/properties/previousNames/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema34.properties.previousNames.type,parentSchema:schema34.properties.previousNames,data:data4};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
}
else {
const err14 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema34.type,parentSchema:schema34,data};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
validate75.errors = vErrors;
return errors === 0;
}
validate75.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

const pattern60 = new RegExp("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})$", "u");
const pattern61 = new RegExp("^[^/].*\\.(json|ndjson|jsonl)$", "u");

function validate74(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
/*# sourceURL="https://weft.dev/schemas/v1/test.schema.json" */;
let vErrors = null;
let errors = 0;
const evaluated0 = validate74.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.apiVersion === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "apiVersion"},message:"must have required property '"+"apiVersion"+"'",schema:schema109.required,parentSchema:schema109,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.kind === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'",schema:schema109.required,parentSchema:schema109,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.metadata === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "metadata"},message:"must have required property '"+"metadata"+"'",schema:schema109.required,parentSchema:schema109,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.spec === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "spec"},message:"must have required property '"+"spec"+"'",schema:schema109.required,parentSchema:schema109,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "apiVersion") || (key0 === "kind")) || (key0 === "metadata")) || (key0 === "spec"))){
const err4 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema109,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.apiVersion !== undefined){
let data0 = data.apiVersion;
if("weft/v1" !== data0){
const err5 = {instancePath:instancePath+"/apiVersion",schemaPath:"defs.schema.json#/$defs/apiVersion/const",keyword:"const",params:{allowedValue: "weft/v1"},message:"must be equal to constant",schema:"weft/v1",parentSchema:schema33,data:data0};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.kind !== undefined){
let data1 = data.kind;
if("Test" !== data1){
const err6 = {instancePath:instancePath+"/kind",schemaPath:"#/properties/kind/const",keyword:"const",params:{allowedValue: "Test"},message:"must be equal to constant",schema:"Test",parentSchema:schema109.properties.kind,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.metadata !== undefined){
if(!(validate75(data.metadata, {instancePath:instancePath+"/metadata",parentData:data,parentDataProperty:"metadata",rootData,dynamicAnchors}))){
{ if (vErrors === null) vErrors = validate75.errors.slice(); else for (const error of validate75.errors) vErrors.push(error); };
errors = vErrors.length;
}
}
if(data.spec !== undefined){
let data3 = data.spec;
if(data3 && typeof data3 == "object" && !Array.isArray(data3)){
if(data3.flow === undefined){
const err7 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/required",keyword:"required",params:{missingProperty: "flow"},message:"must have required property '"+"flow"+"'",schema:schema109.properties.spec.required,parentSchema:schema109.properties.spec,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if(data3.expect === undefined){
const err8 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/required",keyword:"required",params:{missingProperty: "expect"},message:"must have required property '"+"expect"+"'",schema:schema109.properties.spec.required,parentSchema:schema109.properties.spec,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
for(const key1 in data3){
if(!((((((key1 === "flow") || (key1 === "now")) || (key1 === "given")) || (key1 === "state")) || (key1 === "responses")) || (key1 === "expect"))){
const err9 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema109.properties.spec,data:data3};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data3.flow !== undefined){
let data4 = data3.flow;
if(typeof data4 === "string"){
if(!pattern4.test(data4)){
const err10 = {instancePath:instancePath+"/spec/flow",schemaPath:"defs.schema.json#/$defs/name/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,62}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,62}$"+"\"",schema:"^[a-z][a-z0-9-]{0,62}$",parentSchema:schema35,data:data4};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
else {
const err11 = {instancePath:instancePath+"/spec/flow",schemaPath:"defs.schema.json#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.type,parentSchema:schema35,data:data4};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data3.now !== undefined){
let data5 = data3.now;
if(typeof data5 === "string"){
if(!pattern60.test(data5)){
const err12 = {instancePath:instancePath+"/spec/now",schemaPath:"#/properties/spec/properties/now/pattern",keyword:"pattern",params:{pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})$"},message:"must match pattern \""+"^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})$"+"\"",schema:"^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})$",parentSchema:schema109.properties.spec.properties.now,data:data5};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
else {
const err13 = {instancePath:instancePath+"/spec/now",schemaPath:"#/properties/spec/properties/now/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema109.properties.spec.properties.now.type,parentSchema:schema109.properties.spec.properties.now,data:data5};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data3.given !== undefined){
let data6 = data3.given;
if(data6 && typeof data6 == "object" && !Array.isArray(data6)){
if(Object.keys(data6).length > 1){
const err14 = {instancePath:instancePath+"/spec/given",schemaPath:"#/properties/spec/properties/given/maxProperties",keyword:"maxProperties",params:{limit: 1},message:"must NOT have more than 1 properties",schema:1,parentSchema:schema109.properties.spec.properties.given,data:data6};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
if(Object.keys(data6).length < 1){
const err15 = {instancePath:instancePath+"/spec/given",schemaPath:"#/properties/spec/properties/given/minProperties",keyword:"minProperties",params:{limit: 1},message:"must NOT have fewer than 1 properties",schema:1,parentSchema:schema109.properties.spec.properties.given,data:data6};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
for(const key2 in data6){
if(!((((key2 === "records") || (key2 === "file")) || (key2 === "webhook")) || (key2 === "message"))){
const err16 = {instancePath:instancePath+"/spec/given",schemaPath:"#/properties/spec/properties/given/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema109.properties.spec.properties.given,data:data6};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data6.records !== undefined){
let data7 = data6.records;
if(!(Array.isArray(data7))){
const err17 = {instancePath:instancePath+"/spec/given/records",schemaPath:"#/properties/spec/properties/given/properties/records/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema109.properties.spec.properties.given.properties.records.type,parentSchema:schema109.properties.spec.properties.given.properties.records,data:data7};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data6.file !== undefined){
let data8 = data6.file;
if(typeof data8 === "string"){
if(!pattern61.test(data8)){
const err18 = {instancePath:instancePath+"/spec/given/file",schemaPath:"#/properties/spec/properties/given/properties/file/pattern",keyword:"pattern",params:{pattern: "^[^/].*\\.(json|ndjson|jsonl)$"},message:"must match pattern \""+"^[^/].*\\.(json|ndjson|jsonl)$"+"\"",schema:"^[^/].*\\.(json|ndjson|jsonl)$",parentSchema:schema109.properties.spec.properties.given.properties.file,data:data8};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
else {
const err19 = {instancePath:instancePath+"/spec/given/file",schemaPath:"#/properties/spec/properties/given/properties/file/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema109.properties.spec.properties.given.properties.file.type,parentSchema:schema109.properties.spec.properties.given.properties.file,data:data8};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(data6.webhook !== undefined){
let data9 = data6.webhook;
if(!data9 || typeof data9 != "object"){
const err20 = {instancePath:instancePath+"/spec/given/webhook",schemaPath:"#/properties/spec/properties/given/properties/webhook/type",keyword:"type",params:{type: schema109.properties.spec.properties.given.properties.webhook.type},message:"must be object,array",schema:schema109.properties.spec.properties.given.properties.webhook.type,parentSchema:schema109.properties.spec.properties.given.properties.webhook,data:data9};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data6.message !== undefined){
let data10 = data6.message;
if(data10 && typeof data10 == "object" && !Array.isArray(data10)){
if(data10.body === undefined){
const err21 = {instancePath:instancePath+"/spec/given/message",schemaPath:"#/properties/spec/properties/given/properties/message/required",keyword:"required",params:{missingProperty: "body"},message:"must have required property '"+"body"+"'",schema:schema109.properties.spec.properties.given.properties.message.required,parentSchema:schema109.properties.spec.properties.given.properties.message,data:data10};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
for(const key3 in data10){
if(!((key3 === "id") || (key3 === "body"))){
const err22 = {instancePath:instancePath+"/spec/given/message",schemaPath:"#/properties/spec/properties/given/properties/message/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties",schema:false,parentSchema:schema109.properties.spec.properties.given.properties.message,data:data10};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
if(data10.id !== undefined){
let data11 = data10.id;
if(typeof data11 === "string"){
if(func1(data11) < 1){
const err23 = {instancePath:instancePath+"/spec/given/message/id",schemaPath:"#/properties/spec/properties/given/properties/message/properties/id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema109.properties.spec.properties.given.properties.message.properties.id,data:data11};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
else {
const err24 = {instancePath:instancePath+"/spec/given/message/id",schemaPath:"#/properties/spec/properties/given/properties/message/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema109.properties.spec.properties.given.properties.message.properties.id.type,parentSchema:schema109.properties.spec.properties.given.properties.message.properties.id,data:data11};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
}
else {
const err25 = {instancePath:instancePath+"/spec/given/message",schemaPath:"#/properties/spec/properties/given/properties/message/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema109.properties.spec.properties.given.properties.message.type,parentSchema:schema109.properties.spec.properties.given.properties.message,data:data10};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
}
else {
const err26 = {instancePath:instancePath+"/spec/given",schemaPath:"#/properties/spec/properties/given/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema109.properties.spec.properties.given.type,parentSchema:schema109.properties.spec.properties.given,data:data6};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data3.state !== undefined){
let data12 = data3.state;
if(data12 && typeof data12 == "object" && !Array.isArray(data12)){
for(const key4 in data12){
if(!((key4 === "dedupe") || (key4 === "cache"))){
const err27 = {instancePath:instancePath+"/spec/state",schemaPath:"#/$defs/state/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties",schema:false,parentSchema:schema115,data:data12};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
if(data12.dedupe !== undefined){
let data13 = data12.dedupe;
if(Array.isArray(data13)){
const len0 = data13.length;
for(let i0=0; i0<len0; i0++){
let data14 = data13[i0];
if(data14 && typeof data14 == "object" && !Array.isArray(data14)){
if(data14.step === undefined){
const err28 = {instancePath:instancePath+"/spec/state/dedupe/" + i0,schemaPath:"#/$defs/state/properties/dedupe/items/required",keyword:"required",params:{missingProperty: "step"},message:"must have required property '"+"step"+"'",schema:schema115.properties.dedupe.items.required,parentSchema:schema115.properties.dedupe.items,data:data14};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
if(data14.keys === undefined){
const err29 = {instancePath:instancePath+"/spec/state/dedupe/" + i0,schemaPath:"#/$defs/state/properties/dedupe/items/required",keyword:"required",params:{missingProperty: "keys"},message:"must have required property '"+"keys"+"'",schema:schema115.properties.dedupe.items.required,parentSchema:schema115.properties.dedupe.items,data:data14};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
for(const key5 in data14){
if(!((key5 === "step") || (key5 === "keys"))){
const err30 = {instancePath:instancePath+"/spec/state/dedupe/" + i0,schemaPath:"#/$defs/state/properties/dedupe/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties",schema:false,parentSchema:schema115.properties.dedupe.items,data:data14};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
if(data14.step !== undefined){
let data15 = data14.step;
if(typeof data15 === "string"){
if(func1(data15) < 1){
const err31 = {instancePath:instancePath+"/spec/state/dedupe/" + i0+"/step",schemaPath:"#/$defs/state/properties/dedupe/items/properties/step/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema115.properties.dedupe.items.properties.step,data:data15};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
else {
const err32 = {instancePath:instancePath+"/spec/state/dedupe/" + i0+"/step",schemaPath:"#/$defs/state/properties/dedupe/items/properties/step/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema115.properties.dedupe.items.properties.step.type,parentSchema:schema115.properties.dedupe.items.properties.step,data:data15};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
if(data14.keys !== undefined){
let data16 = data14.keys;
if(Array.isArray(data16)){
const len1 = data16.length;
for(let i1=0; i1<len1; i1++){
let data17 = data16[i1];
if((typeof data17 !== "string") && (!((typeof data17 == "number") && (isFinite(data17))))){
const err33 = {instancePath:instancePath+"/spec/state/dedupe/" + i0+"/keys/" + i1,schemaPath:"#/$defs/state/properties/dedupe/items/properties/keys/items/type",keyword:"type",params:{type: schema115.properties.dedupe.items.properties.keys.items.type},message:"must be string,number",schema:schema115.properties.dedupe.items.properties.keys.items.type,parentSchema:schema115.properties.dedupe.items.properties.keys.items,data:data17};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
}
else {
const err34 = {instancePath:instancePath+"/spec/state/dedupe/" + i0+"/keys",schemaPath:"#/$defs/state/properties/dedupe/items/properties/keys/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema115.properties.dedupe.items.properties.keys.type,parentSchema:schema115.properties.dedupe.items.properties.keys,data:data16};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
}
else {
const err35 = {instancePath:instancePath+"/spec/state/dedupe/" + i0,schemaPath:"#/$defs/state/properties/dedupe/items/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema115.properties.dedupe.items.type,parentSchema:schema115.properties.dedupe.items,data:data14};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
}
else {
const err36 = {instancePath:instancePath+"/spec/state/dedupe",schemaPath:"#/$defs/state/properties/dedupe/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema115.properties.dedupe.type,parentSchema:schema115.properties.dedupe,data:data13};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
if(data12.cache !== undefined){
let data18 = data12.cache;
if(Array.isArray(data18)){
const len2 = data18.length;
for(let i2=0; i2<len2; i2++){
let data19 = data18[i2];
if(data19 && typeof data19 == "object" && !Array.isArray(data19)){
if(data19.step === undefined){
const err37 = {instancePath:instancePath+"/spec/state/cache/" + i2,schemaPath:"#/$defs/state/properties/cache/items/required",keyword:"required",params:{missingProperty: "step"},message:"must have required property '"+"step"+"'",schema:schema115.properties.cache.items.required,parentSchema:schema115.properties.cache.items,data:data19};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
if(data19.entries === undefined){
const err38 = {instancePath:instancePath+"/spec/state/cache/" + i2,schemaPath:"#/$defs/state/properties/cache/items/required",keyword:"required",params:{missingProperty: "entries"},message:"must have required property '"+"entries"+"'",schema:schema115.properties.cache.items.required,parentSchema:schema115.properties.cache.items,data:data19};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
for(const key6 in data19){
if(!((key6 === "step") || (key6 === "entries"))){
const err39 = {instancePath:instancePath+"/spec/state/cache/" + i2,schemaPath:"#/$defs/state/properties/cache/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties",schema:false,parentSchema:schema115.properties.cache.items,data:data19};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
if(data19.step !== undefined){
let data20 = data19.step;
if(typeof data20 === "string"){
if(func1(data20) < 1){
const err40 = {instancePath:instancePath+"/spec/state/cache/" + i2+"/step",schemaPath:"#/$defs/state/properties/cache/items/properties/step/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema115.properties.cache.items.properties.step,data:data20};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
else {
const err41 = {instancePath:instancePath+"/spec/state/cache/" + i2+"/step",schemaPath:"#/$defs/state/properties/cache/items/properties/step/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema115.properties.cache.items.properties.step.type,parentSchema:schema115.properties.cache.items.properties.step,data:data20};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
if(data19.entries !== undefined){
let data21 = data19.entries;
if(!(data21 && typeof data21 == "object" && !Array.isArray(data21))){
const err42 = {instancePath:instancePath+"/spec/state/cache/" + i2+"/entries",schemaPath:"#/$defs/state/properties/cache/items/properties/entries/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema115.properties.cache.items.properties.entries.type,parentSchema:schema115.properties.cache.items.properties.entries,data:data21};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
}
else {
const err43 = {instancePath:instancePath+"/spec/state/cache/" + i2,schemaPath:"#/$defs/state/properties/cache/items/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema115.properties.cache.items.type,parentSchema:schema115.properties.cache.items,data:data19};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
}
else {
const err44 = {instancePath:instancePath+"/spec/state/cache",schemaPath:"#/$defs/state/properties/cache/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema115.properties.cache.type,parentSchema:schema115.properties.cache,data:data18};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
}
else {
const err45 = {instancePath:instancePath+"/spec/state",schemaPath:"#/$defs/state/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema115.type,parentSchema:schema115,data:data12};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
if(data3.responses !== undefined){
let data22 = data3.responses;
if(Array.isArray(data22)){
const len3 = data22.length;
for(let i3=0; i3<len3; i3++){
let data23 = data22[i3];
if(data23 && typeof data23 == "object" && !Array.isArray(data23)){
if(data23.instance === undefined){
const err46 = {instancePath:instancePath+"/spec/responses/" + i3,schemaPath:"#/properties/spec/properties/responses/items/required",keyword:"required",params:{missingProperty: "instance"},message:"must have required property '"+"instance"+"'",schema:schema109.properties.spec.properties.responses.items.required,parentSchema:schema109.properties.spec.properties.responses.items,data:data23};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
for(const key7 in data23){
if(!((((((key7 === "instance") || (key7 === "endpoint")) || (key7 === "request")) || (key7 === "status")) || (key7 === "headers")) || (key7 === "body"))){
const err47 = {instancePath:instancePath+"/spec/responses/" + i3,schemaPath:"#/properties/spec/properties/responses/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties",schema:false,parentSchema:schema109.properties.spec.properties.responses.items,data:data23};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
if(data23.instance !== undefined){
let data24 = data23.instance;
if(typeof data24 === "string"){
if(!pattern4.test(data24)){
const err48 = {instancePath:instancePath+"/spec/responses/" + i3+"/instance",schemaPath:"defs.schema.json#/$defs/name/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,62}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,62}$"+"\"",schema:"^[a-z][a-z0-9-]{0,62}$",parentSchema:schema35,data:data24};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
else {
const err49 = {instancePath:instancePath+"/spec/responses/" + i3+"/instance",schemaPath:"defs.schema.json#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.type,parentSchema:schema35,data:data24};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
if(data23.endpoint !== undefined){
let data25 = data23.endpoint;
if(typeof data25 === "string"){
if(func1(data25) < 1){
const err50 = {instancePath:instancePath+"/spec/responses/" + i3+"/endpoint",schemaPath:"#/properties/spec/properties/responses/items/properties/endpoint/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema109.properties.spec.properties.responses.items.properties.endpoint,data:data25};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
else {
const err51 = {instancePath:instancePath+"/spec/responses/" + i3+"/endpoint",schemaPath:"#/properties/spec/properties/responses/items/properties/endpoint/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema109.properties.spec.properties.responses.items.properties.endpoint.type,parentSchema:schema109.properties.spec.properties.responses.items.properties.endpoint,data:data25};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
if(data23.request !== undefined){
let data26 = data23.request;
if(data26 && typeof data26 == "object" && !Array.isArray(data26)){
for(const key8 in data26){
if(!((((key8 === "method") || (key8 === "path")) || (key8 === "query")) || (key8 === "body"))){
const err52 = {instancePath:instancePath+"/spec/responses/" + i3+"/request",schemaPath:"#/properties/spec/properties/responses/items/properties/request/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key8},message:"must NOT have additional properties",schema:false,parentSchema:schema109.properties.spec.properties.responses.items.properties.request,data:data26};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
}
if(data26.method !== undefined){
let data27 = data26.method;
if(!(((((data27 === "GET") || (data27 === "POST")) || (data27 === "PUT")) || (data27 === "PATCH")) || (data27 === "DELETE"))){
const err53 = {instancePath:instancePath+"/spec/responses/" + i3+"/request/method",schemaPath:"#/properties/spec/properties/responses/items/properties/request/properties/method/enum",keyword:"enum",params:{allowedValues: schema109.properties.spec.properties.responses.items.properties.request.properties.method.enum},message:"must be equal to one of the allowed values",schema:schema109.properties.spec.properties.responses.items.properties.request.properties.method.enum,parentSchema:schema109.properties.spec.properties.responses.items.properties.request.properties.method,data:data27};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
if(data26.path !== undefined){
let data28 = data26.path;
if(typeof data28 === "string"){
if(func1(data28) < 1){
const err54 = {instancePath:instancePath+"/spec/responses/" + i3+"/request/path",schemaPath:"#/properties/spec/properties/responses/items/properties/request/properties/path/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema109.properties.spec.properties.responses.items.properties.request.properties.path,data:data28};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
else {
const err55 = {instancePath:instancePath+"/spec/responses/" + i3+"/request/path",schemaPath:"#/properties/spec/properties/responses/items/properties/request/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema109.properties.spec.properties.responses.items.properties.request.properties.path.type,parentSchema:schema109.properties.spec.properties.responses.items.properties.request.properties.path,data:data28};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
}
if(data26.query !== undefined){
let data29 = data26.query;
if(data29 && typeof data29 == "object" && !Array.isArray(data29)){
for(const key9 in data29){
let data30 = data29[key9];
if(typeof data30 !== "string"){
const err56 = {instancePath:instancePath+"/spec/responses/" + i3+"/request/query/" + key9.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/spec/properties/responses/items/properties/request/properties/query/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema109.properties.spec.properties.responses.items.properties.request.properties.query.additionalProperties.type,parentSchema:schema109.properties.spec.properties.responses.items.properties.request.properties.query.additionalProperties,data:data30};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
}
}
else {
const err57 = {instancePath:instancePath+"/spec/responses/" + i3+"/request/query",schemaPath:"#/properties/spec/properties/responses/items/properties/request/properties/query/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema109.properties.spec.properties.responses.items.properties.request.properties.query.type,parentSchema:schema109.properties.spec.properties.responses.items.properties.request.properties.query,data:data29};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
}
}
else {
const err58 = {instancePath:instancePath+"/spec/responses/" + i3+"/request",schemaPath:"#/properties/spec/properties/responses/items/properties/request/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema109.properties.spec.properties.responses.items.properties.request.type,parentSchema:schema109.properties.spec.properties.responses.items.properties.request,data:data26};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
}
if(data23.status !== undefined){
let data31 = data23.status;
if(!(((typeof data31 == "number") && (!(data31 % 1) && !isNaN(data31))) && (isFinite(data31)))){
const err59 = {instancePath:instancePath+"/spec/responses/" + i3+"/status",schemaPath:"#/properties/spec/properties/responses/items/properties/status/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema109.properties.spec.properties.responses.items.properties.status.type,parentSchema:schema109.properties.spec.properties.responses.items.properties.status,data:data31};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
if((typeof data31 == "number") && (isFinite(data31))){
if(data31 > 599 || isNaN(data31)){
const err60 = {instancePath:instancePath+"/spec/responses/" + i3+"/status",schemaPath:"#/properties/spec/properties/responses/items/properties/status/maximum",keyword:"maximum",params:{comparison: "<=", limit: 599},message:"must be <= 599",schema:599,parentSchema:schema109.properties.spec.properties.responses.items.properties.status,data:data31};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
if(data31 < 100 || isNaN(data31)){
const err61 = {instancePath:instancePath+"/spec/responses/" + i3+"/status",schemaPath:"#/properties/spec/properties/responses/items/properties/status/minimum",keyword:"minimum",params:{comparison: ">=", limit: 100},message:"must be >= 100",schema:100,parentSchema:schema109.properties.spec.properties.responses.items.properties.status,data:data31};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
}
}
if(data23.headers !== undefined){
let data32 = data23.headers;
if(data32 && typeof data32 == "object" && !Array.isArray(data32)){
for(const key10 in data32){
let data33 = data32[key10];
if(typeof data33 !== "string"){
const err62 = {instancePath:instancePath+"/spec/responses/" + i3+"/headers/" + key10.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/spec/properties/responses/items/properties/headers/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema109.properties.spec.properties.responses.items.properties.headers.additionalProperties.type,parentSchema:schema109.properties.spec.properties.responses.items.properties.headers.additionalProperties,data:data33};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
}
}
else {
const err63 = {instancePath:instancePath+"/spec/responses/" + i3+"/headers",schemaPath:"#/properties/spec/properties/responses/items/properties/headers/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema109.properties.spec.properties.responses.items.properties.headers.type,parentSchema:schema109.properties.spec.properties.responses.items.properties.headers,data:data32};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
}
}
else {
const err64 = {instancePath:instancePath+"/spec/responses/" + i3,schemaPath:"#/properties/spec/properties/responses/items/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema109.properties.spec.properties.responses.items.type,parentSchema:schema109.properties.spec.properties.responses.items,data:data23};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
}
}
else {
const err65 = {instancePath:instancePath+"/spec/responses",schemaPath:"#/properties/spec/properties/responses/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema109.properties.spec.properties.responses.type,parentSchema:schema109.properties.spec.properties.responses,data:data22};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
}
if(data3.expect !== undefined){
let data34 = data3.expect;
if(data34 && typeof data34 == "object" && !Array.isArray(data34)){
for(const key11 in data34){
if(!(((((key11 === "status") || (key11 === "requests")) || (key11 === "failures")) || (key11 === "messages")) || (key11 === "state"))){
const err66 = {instancePath:instancePath+"/spec/expect",schemaPath:"#/properties/spec/properties/expect/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key11},message:"must NOT have additional properties",schema:false,parentSchema:schema109.properties.spec.properties.expect,data:data34};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
}
if(data34.status !== undefined){
let data35 = data34.status;
if(!(((data35 === "succeeded") || (data35 === "partial")) || (data35 === "failed"))){
const err67 = {instancePath:instancePath+"/spec/expect/status",schemaPath:"#/properties/spec/properties/expect/properties/status/enum",keyword:"enum",params:{allowedValues: schema109.properties.spec.properties.expect.properties.status.enum},message:"must be equal to one of the allowed values",schema:schema109.properties.spec.properties.expect.properties.status.enum,parentSchema:schema109.properties.spec.properties.expect.properties.status,data:data35};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
}
if(data34.requests !== undefined){
let data36 = data34.requests;
if(Array.isArray(data36)){
const len4 = data36.length;
for(let i4=0; i4<len4; i4++){
let data37 = data36[i4];
if(data37 && typeof data37 == "object" && !Array.isArray(data37)){
if(data37.instance === undefined){
const err68 = {instancePath:instancePath+"/spec/expect/requests/" + i4,schemaPath:"#/properties/spec/properties/expect/properties/requests/items/required",keyword:"required",params:{missingProperty: "instance"},message:"must have required property '"+"instance"+"'",schema:schema109.properties.spec.properties.expect.properties.requests.items.required,parentSchema:schema109.properties.spec.properties.expect.properties.requests.items,data:data37};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
if(data37.bodies === undefined){
const err69 = {instancePath:instancePath+"/spec/expect/requests/" + i4,schemaPath:"#/properties/spec/properties/expect/properties/requests/items/required",keyword:"required",params:{missingProperty: "bodies"},message:"must have required property '"+"bodies"+"'",schema:schema109.properties.spec.properties.expect.properties.requests.items.required,parentSchema:schema109.properties.spec.properties.expect.properties.requests.items,data:data37};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
for(const key12 in data37){
if(!((((key12 === "instance") || (key12 === "endpoint")) || (key12 === "match")) || (key12 === "bodies"))){
const err70 = {instancePath:instancePath+"/spec/expect/requests/" + i4,schemaPath:"#/properties/spec/properties/expect/properties/requests/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key12},message:"must NOT have additional properties",schema:false,parentSchema:schema109.properties.spec.properties.expect.properties.requests.items,data:data37};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
}
if(data37.instance !== undefined){
let data38 = data37.instance;
if(typeof data38 === "string"){
if(!pattern4.test(data38)){
const err71 = {instancePath:instancePath+"/spec/expect/requests/" + i4+"/instance",schemaPath:"defs.schema.json#/$defs/name/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,62}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,62}$"+"\"",schema:"^[a-z][a-z0-9-]{0,62}$",parentSchema:schema35,data:data38};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
}
else {
const err72 = {instancePath:instancePath+"/spec/expect/requests/" + i4+"/instance",schemaPath:"defs.schema.json#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.type,parentSchema:schema35,data:data38};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
}
if(data37.endpoint !== undefined){
let data39 = data37.endpoint;
if(typeof data39 === "string"){
if(func1(data39) < 1){
const err73 = {instancePath:instancePath+"/spec/expect/requests/" + i4+"/endpoint",schemaPath:"#/properties/spec/properties/expect/properties/requests/items/properties/endpoint/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema109.properties.spec.properties.expect.properties.requests.items.properties.endpoint,data:data39};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
}
else {
const err74 = {instancePath:instancePath+"/spec/expect/requests/" + i4+"/endpoint",schemaPath:"#/properties/spec/properties/expect/properties/requests/items/properties/endpoint/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema109.properties.spec.properties.expect.properties.requests.items.properties.endpoint.type,parentSchema:schema109.properties.spec.properties.expect.properties.requests.items.properties.endpoint,data:data39};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
}
if(data37.match !== undefined){
let data40 = data37.match;
if(!((data40 === "exact") || (data40 === "partial"))){
const err75 = {instancePath:instancePath+"/spec/expect/requests/" + i4+"/match",schemaPath:"#/properties/spec/properties/expect/properties/requests/items/properties/match/enum",keyword:"enum",params:{allowedValues: schema109.properties.spec.properties.expect.properties.requests.items.properties.match.enum},message:"must be equal to one of the allowed values",schema:schema109.properties.spec.properties.expect.properties.requests.items.properties.match.enum,parentSchema:schema109.properties.spec.properties.expect.properties.requests.items.properties.match,data:data40};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
}
if(data37.bodies !== undefined){
let data41 = data37.bodies;
if(!(Array.isArray(data41))){
const err76 = {instancePath:instancePath+"/spec/expect/requests/" + i4+"/bodies",schemaPath:"#/properties/spec/properties/expect/properties/requests/items/properties/bodies/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema109.properties.spec.properties.expect.properties.requests.items.properties.bodies.type,parentSchema:schema109.properties.spec.properties.expect.properties.requests.items.properties.bodies,data:data41};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
}
}
else {
const err77 = {instancePath:instancePath+"/spec/expect/requests/" + i4,schemaPath:"#/properties/spec/properties/expect/properties/requests/items/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema109.properties.spec.properties.expect.properties.requests.items.type,parentSchema:schema109.properties.spec.properties.expect.properties.requests.items,data:data37};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
}
}
else {
const err78 = {instancePath:instancePath+"/spec/expect/requests",schemaPath:"#/properties/spec/properties/expect/properties/requests/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema109.properties.spec.properties.expect.properties.requests.type,parentSchema:schema109.properties.spec.properties.expect.properties.requests,data:data36};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
}
if(data34.failures !== undefined){
let data42 = data34.failures;
if(Array.isArray(data42)){
const len5 = data42.length;
for(let i5=0; i5<len5; i5++){
let data43 = data42[i5];
if(data43 && typeof data43 == "object" && !Array.isArray(data43)){
if(data43.step === undefined){
const err79 = {instancePath:instancePath+"/spec/expect/failures/" + i5,schemaPath:"#/properties/spec/properties/expect/properties/failures/items/required",keyword:"required",params:{missingProperty: "step"},message:"must have required property '"+"step"+"'",schema:schema109.properties.spec.properties.expect.properties.failures.items.required,parentSchema:schema109.properties.spec.properties.expect.properties.failures.items,data:data43};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
for(const key13 in data43){
if(!((key13 === "step") || (key13 === "message"))){
const err80 = {instancePath:instancePath+"/spec/expect/failures/" + i5,schemaPath:"#/properties/spec/properties/expect/properties/failures/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key13},message:"must NOT have additional properties",schema:false,parentSchema:schema109.properties.spec.properties.expect.properties.failures.items,data:data43};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
}
if(data43.step !== undefined){
let data44 = data43.step;
if(typeof data44 === "string"){
if(func1(data44) < 1){
const err81 = {instancePath:instancePath+"/spec/expect/failures/" + i5+"/step",schemaPath:"#/properties/spec/properties/expect/properties/failures/items/properties/step/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema109.properties.spec.properties.expect.properties.failures.items.properties.step,data:data44};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
}
else {
const err82 = {instancePath:instancePath+"/spec/expect/failures/" + i5+"/step",schemaPath:"#/properties/spec/properties/expect/properties/failures/items/properties/step/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema109.properties.spec.properties.expect.properties.failures.items.properties.step.type,parentSchema:schema109.properties.spec.properties.expect.properties.failures.items.properties.step,data:data44};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
}
if(data43.message !== undefined){
let data45 = data43.message;
if(typeof data45 !== "string"){
const err83 = {instancePath:instancePath+"/spec/expect/failures/" + i5+"/message",schemaPath:"#/properties/spec/properties/expect/properties/failures/items/properties/message/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema109.properties.spec.properties.expect.properties.failures.items.properties.message.type,parentSchema:schema109.properties.spec.properties.expect.properties.failures.items.properties.message,data:data45};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
}
}
else {
const err84 = {instancePath:instancePath+"/spec/expect/failures/" + i5,schemaPath:"#/properties/spec/properties/expect/properties/failures/items/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema109.properties.spec.properties.expect.properties.failures.items.type,parentSchema:schema109.properties.spec.properties.expect.properties.failures.items,data:data43};
if(vErrors === null){
vErrors = [err84];
}
else {
vErrors.push(err84);
}
errors++;
}
}
}
else {
const err85 = {instancePath:instancePath+"/spec/expect/failures",schemaPath:"#/properties/spec/properties/expect/properties/failures/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema109.properties.spec.properties.expect.properties.failures.type,parentSchema:schema109.properties.spec.properties.expect.properties.failures,data:data42};
if(vErrors === null){
vErrors = [err85];
}
else {
vErrors.push(err85);
}
errors++;
}
}
if(data34.messages !== undefined){
let data46 = data34.messages;
if(Array.isArray(data46)){
const len6 = data46.length;
for(let i6=0; i6<len6; i6++){
let data47 = data46[i6];
if(data47 && typeof data47 == "object" && !Array.isArray(data47)){
if(data47.instance === undefined){
const err86 = {instancePath:instancePath+"/spec/expect/messages/" + i6,schemaPath:"#/properties/spec/properties/expect/properties/messages/items/required",keyword:"required",params:{missingProperty: "instance"},message:"must have required property '"+"instance"+"'",schema:schema109.properties.spec.properties.expect.properties.messages.items.required,parentSchema:schema109.properties.spec.properties.expect.properties.messages.items,data:data47};
if(vErrors === null){
vErrors = [err86];
}
else {
vErrors.push(err86);
}
errors++;
}
if(data47.bodies === undefined){
const err87 = {instancePath:instancePath+"/spec/expect/messages/" + i6,schemaPath:"#/properties/spec/properties/expect/properties/messages/items/required",keyword:"required",params:{missingProperty: "bodies"},message:"must have required property '"+"bodies"+"'",schema:schema109.properties.spec.properties.expect.properties.messages.items.required,parentSchema:schema109.properties.spec.properties.expect.properties.messages.items,data:data47};
if(vErrors === null){
vErrors = [err87];
}
else {
vErrors.push(err87);
}
errors++;
}
for(const key14 in data47){
if(!(((((key14 === "instance") || (key14 === "exchange")) || (key14 === "routingKey")) || (key14 === "match")) || (key14 === "bodies"))){
const err88 = {instancePath:instancePath+"/spec/expect/messages/" + i6,schemaPath:"#/properties/spec/properties/expect/properties/messages/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key14},message:"must NOT have additional properties",schema:false,parentSchema:schema109.properties.spec.properties.expect.properties.messages.items,data:data47};
if(vErrors === null){
vErrors = [err88];
}
else {
vErrors.push(err88);
}
errors++;
}
}
if(data47.instance !== undefined){
let data48 = data47.instance;
if(typeof data48 === "string"){
if(!pattern4.test(data48)){
const err89 = {instancePath:instancePath+"/spec/expect/messages/" + i6+"/instance",schemaPath:"defs.schema.json#/$defs/name/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]{0,62}$"},message:"must match pattern \""+"^[a-z][a-z0-9-]{0,62}$"+"\"",schema:"^[a-z][a-z0-9-]{0,62}$",parentSchema:schema35,data:data48};
if(vErrors === null){
vErrors = [err89];
}
else {
vErrors.push(err89);
}
errors++;
}
}
else {
const err90 = {instancePath:instancePath+"/spec/expect/messages/" + i6+"/instance",schemaPath:"defs.schema.json#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.type,parentSchema:schema35,data:data48};
if(vErrors === null){
vErrors = [err90];
}
else {
vErrors.push(err90);
}
errors++;
}
}
if(data47.exchange !== undefined){
let data49 = data47.exchange;
if(typeof data49 === "string"){
if(func1(data49) < 1){
const err91 = {instancePath:instancePath+"/spec/expect/messages/" + i6+"/exchange",schemaPath:"#/properties/spec/properties/expect/properties/messages/items/properties/exchange/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema109.properties.spec.properties.expect.properties.messages.items.properties.exchange,data:data49};
if(vErrors === null){
vErrors = [err91];
}
else {
vErrors.push(err91);
}
errors++;
}
}
else {
const err92 = {instancePath:instancePath+"/spec/expect/messages/" + i6+"/exchange",schemaPath:"#/properties/spec/properties/expect/properties/messages/items/properties/exchange/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema109.properties.spec.properties.expect.properties.messages.items.properties.exchange.type,parentSchema:schema109.properties.spec.properties.expect.properties.messages.items.properties.exchange,data:data49};
if(vErrors === null){
vErrors = [err92];
}
else {
vErrors.push(err92);
}
errors++;
}
}
if(data47.routingKey !== undefined){
let data50 = data47.routingKey;
if(typeof data50 !== "string"){
const err93 = {instancePath:instancePath+"/spec/expect/messages/" + i6+"/routingKey",schemaPath:"#/properties/spec/properties/expect/properties/messages/items/properties/routingKey/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema109.properties.spec.properties.expect.properties.messages.items.properties.routingKey.type,parentSchema:schema109.properties.spec.properties.expect.properties.messages.items.properties.routingKey,data:data50};
if(vErrors === null){
vErrors = [err93];
}
else {
vErrors.push(err93);
}
errors++;
}
}
if(data47.match !== undefined){
let data51 = data47.match;
if(!((data51 === "exact") || (data51 === "partial"))){
const err94 = {instancePath:instancePath+"/spec/expect/messages/" + i6+"/match",schemaPath:"#/properties/spec/properties/expect/properties/messages/items/properties/match/enum",keyword:"enum",params:{allowedValues: schema109.properties.spec.properties.expect.properties.messages.items.properties.match.enum},message:"must be equal to one of the allowed values",schema:schema109.properties.spec.properties.expect.properties.messages.items.properties.match.enum,parentSchema:schema109.properties.spec.properties.expect.properties.messages.items.properties.match,data:data51};
if(vErrors === null){
vErrors = [err94];
}
else {
vErrors.push(err94);
}
errors++;
}
}
if(data47.bodies !== undefined){
let data52 = data47.bodies;
if(!(Array.isArray(data52))){
const err95 = {instancePath:instancePath+"/spec/expect/messages/" + i6+"/bodies",schemaPath:"#/properties/spec/properties/expect/properties/messages/items/properties/bodies/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema109.properties.spec.properties.expect.properties.messages.items.properties.bodies.type,parentSchema:schema109.properties.spec.properties.expect.properties.messages.items.properties.bodies,data:data52};
if(vErrors === null){
vErrors = [err95];
}
else {
vErrors.push(err95);
}
errors++;
}
}
}
else {
const err96 = {instancePath:instancePath+"/spec/expect/messages/" + i6,schemaPath:"#/properties/spec/properties/expect/properties/messages/items/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema109.properties.spec.properties.expect.properties.messages.items.type,parentSchema:schema109.properties.spec.properties.expect.properties.messages.items,data:data47};
if(vErrors === null){
vErrors = [err96];
}
else {
vErrors.push(err96);
}
errors++;
}
}
}
else {
const err97 = {instancePath:instancePath+"/spec/expect/messages",schemaPath:"#/properties/spec/properties/expect/properties/messages/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema109.properties.spec.properties.expect.properties.messages.type,parentSchema:schema109.properties.spec.properties.expect.properties.messages,data:data46};
if(vErrors === null){
vErrors = [err97];
}
else {
vErrors.push(err97);
}
errors++;
}
}
if(data34.state !== undefined){
let data53 = data34.state;
if(data53 && typeof data53 == "object" && !Array.isArray(data53)){
for(const key15 in data53){
if(!((key15 === "dedupe") || (key15 === "cache"))){
const err98 = {instancePath:instancePath+"/spec/expect/state",schemaPath:"#/$defs/state/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key15},message:"must NOT have additional properties",schema:false,parentSchema:schema115,data:data53};
if(vErrors === null){
vErrors = [err98];
}
else {
vErrors.push(err98);
}
errors++;
}
}
if(data53.dedupe !== undefined){
let data54 = data53.dedupe;
if(Array.isArray(data54)){
const len7 = data54.length;
for(let i7=0; i7<len7; i7++){
let data55 = data54[i7];
if(data55 && typeof data55 == "object" && !Array.isArray(data55)){
if(data55.step === undefined){
const err99 = {instancePath:instancePath+"/spec/expect/state/dedupe/" + i7,schemaPath:"#/$defs/state/properties/dedupe/items/required",keyword:"required",params:{missingProperty: "step"},message:"must have required property '"+"step"+"'",schema:schema115.properties.dedupe.items.required,parentSchema:schema115.properties.dedupe.items,data:data55};
if(vErrors === null){
vErrors = [err99];
}
else {
vErrors.push(err99);
}
errors++;
}
if(data55.keys === undefined){
const err100 = {instancePath:instancePath+"/spec/expect/state/dedupe/" + i7,schemaPath:"#/$defs/state/properties/dedupe/items/required",keyword:"required",params:{missingProperty: "keys"},message:"must have required property '"+"keys"+"'",schema:schema115.properties.dedupe.items.required,parentSchema:schema115.properties.dedupe.items,data:data55};
if(vErrors === null){
vErrors = [err100];
}
else {
vErrors.push(err100);
}
errors++;
}
for(const key16 in data55){
if(!((key16 === "step") || (key16 === "keys"))){
const err101 = {instancePath:instancePath+"/spec/expect/state/dedupe/" + i7,schemaPath:"#/$defs/state/properties/dedupe/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key16},message:"must NOT have additional properties",schema:false,parentSchema:schema115.properties.dedupe.items,data:data55};
if(vErrors === null){
vErrors = [err101];
}
else {
vErrors.push(err101);
}
errors++;
}
}
if(data55.step !== undefined){
let data56 = data55.step;
if(typeof data56 === "string"){
if(func1(data56) < 1){
const err102 = {instancePath:instancePath+"/spec/expect/state/dedupe/" + i7+"/step",schemaPath:"#/$defs/state/properties/dedupe/items/properties/step/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema115.properties.dedupe.items.properties.step,data:data56};
if(vErrors === null){
vErrors = [err102];
}
else {
vErrors.push(err102);
}
errors++;
}
}
else {
const err103 = {instancePath:instancePath+"/spec/expect/state/dedupe/" + i7+"/step",schemaPath:"#/$defs/state/properties/dedupe/items/properties/step/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema115.properties.dedupe.items.properties.step.type,parentSchema:schema115.properties.dedupe.items.properties.step,data:data56};
if(vErrors === null){
vErrors = [err103];
}
else {
vErrors.push(err103);
}
errors++;
}
}
if(data55.keys !== undefined){
let data57 = data55.keys;
if(Array.isArray(data57)){
const len8 = data57.length;
for(let i8=0; i8<len8; i8++){
let data58 = data57[i8];
if((typeof data58 !== "string") && (!((typeof data58 == "number") && (isFinite(data58))))){
const err104 = {instancePath:instancePath+"/spec/expect/state/dedupe/" + i7+"/keys/" + i8,schemaPath:"#/$defs/state/properties/dedupe/items/properties/keys/items/type",keyword:"type",params:{type: schema115.properties.dedupe.items.properties.keys.items.type},message:"must be string,number",schema:schema115.properties.dedupe.items.properties.keys.items.type,parentSchema:schema115.properties.dedupe.items.properties.keys.items,data:data58};
if(vErrors === null){
vErrors = [err104];
}
else {
vErrors.push(err104);
}
errors++;
}
}
}
else {
const err105 = {instancePath:instancePath+"/spec/expect/state/dedupe/" + i7+"/keys",schemaPath:"#/$defs/state/properties/dedupe/items/properties/keys/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema115.properties.dedupe.items.properties.keys.type,parentSchema:schema115.properties.dedupe.items.properties.keys,data:data57};
if(vErrors === null){
vErrors = [err105];
}
else {
vErrors.push(err105);
}
errors++;
}
}
}
else {
const err106 = {instancePath:instancePath+"/spec/expect/state/dedupe/" + i7,schemaPath:"#/$defs/state/properties/dedupe/items/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema115.properties.dedupe.items.type,parentSchema:schema115.properties.dedupe.items,data:data55};
if(vErrors === null){
vErrors = [err106];
}
else {
vErrors.push(err106);
}
errors++;
}
}
}
else {
const err107 = {instancePath:instancePath+"/spec/expect/state/dedupe",schemaPath:"#/$defs/state/properties/dedupe/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema115.properties.dedupe.type,parentSchema:schema115.properties.dedupe,data:data54};
if(vErrors === null){
vErrors = [err107];
}
else {
vErrors.push(err107);
}
errors++;
}
}
if(data53.cache !== undefined){
let data59 = data53.cache;
if(Array.isArray(data59)){
const len9 = data59.length;
for(let i9=0; i9<len9; i9++){
let data60 = data59[i9];
if(data60 && typeof data60 == "object" && !Array.isArray(data60)){
if(data60.step === undefined){
const err108 = {instancePath:instancePath+"/spec/expect/state/cache/" + i9,schemaPath:"#/$defs/state/properties/cache/items/required",keyword:"required",params:{missingProperty: "step"},message:"must have required property '"+"step"+"'",schema:schema115.properties.cache.items.required,parentSchema:schema115.properties.cache.items,data:data60};
if(vErrors === null){
vErrors = [err108];
}
else {
vErrors.push(err108);
}
errors++;
}
if(data60.entries === undefined){
const err109 = {instancePath:instancePath+"/spec/expect/state/cache/" + i9,schemaPath:"#/$defs/state/properties/cache/items/required",keyword:"required",params:{missingProperty: "entries"},message:"must have required property '"+"entries"+"'",schema:schema115.properties.cache.items.required,parentSchema:schema115.properties.cache.items,data:data60};
if(vErrors === null){
vErrors = [err109];
}
else {
vErrors.push(err109);
}
errors++;
}
for(const key17 in data60){
if(!((key17 === "step") || (key17 === "entries"))){
const err110 = {instancePath:instancePath+"/spec/expect/state/cache/" + i9,schemaPath:"#/$defs/state/properties/cache/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key17},message:"must NOT have additional properties",schema:false,parentSchema:schema115.properties.cache.items,data:data60};
if(vErrors === null){
vErrors = [err110];
}
else {
vErrors.push(err110);
}
errors++;
}
}
if(data60.step !== undefined){
let data61 = data60.step;
if(typeof data61 === "string"){
if(func1(data61) < 1){
const err111 = {instancePath:instancePath+"/spec/expect/state/cache/" + i9+"/step",schemaPath:"#/$defs/state/properties/cache/items/properties/step/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema115.properties.cache.items.properties.step,data:data61};
if(vErrors === null){
vErrors = [err111];
}
else {
vErrors.push(err111);
}
errors++;
}
}
else {
const err112 = {instancePath:instancePath+"/spec/expect/state/cache/" + i9+"/step",schemaPath:"#/$defs/state/properties/cache/items/properties/step/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema115.properties.cache.items.properties.step.type,parentSchema:schema115.properties.cache.items.properties.step,data:data61};
if(vErrors === null){
vErrors = [err112];
}
else {
vErrors.push(err112);
}
errors++;
}
}
if(data60.entries !== undefined){
let data62 = data60.entries;
if(!(data62 && typeof data62 == "object" && !Array.isArray(data62))){
const err113 = {instancePath:instancePath+"/spec/expect/state/cache/" + i9+"/entries",schemaPath:"#/$defs/state/properties/cache/items/properties/entries/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema115.properties.cache.items.properties.entries.type,parentSchema:schema115.properties.cache.items.properties.entries,data:data62};
if(vErrors === null){
vErrors = [err113];
}
else {
vErrors.push(err113);
}
errors++;
}
}
}
else {
const err114 = {instancePath:instancePath+"/spec/expect/state/cache/" + i9,schemaPath:"#/$defs/state/properties/cache/items/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema115.properties.cache.items.type,parentSchema:schema115.properties.cache.items,data:data60};
if(vErrors === null){
vErrors = [err114];
}
else {
vErrors.push(err114);
}
errors++;
}
}
}
else {
const err115 = {instancePath:instancePath+"/spec/expect/state/cache",schemaPath:"#/$defs/state/properties/cache/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema115.properties.cache.type,parentSchema:schema115.properties.cache,data:data59};
if(vErrors === null){
vErrors = [err115];
}
else {
vErrors.push(err115);
}
errors++;
}
}
}
else {
const err116 = {instancePath:instancePath+"/spec/expect/state",schemaPath:"#/$defs/state/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema115.type,parentSchema:schema115,data:data53};
if(vErrors === null){
vErrors = [err116];
}
else {
vErrors.push(err116);
}
errors++;
}
}
}
else {
const err117 = {instancePath:instancePath+"/spec/expect",schemaPath:"#/properties/spec/properties/expect/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema109.properties.spec.properties.expect.type,parentSchema:schema109.properties.spec.properties.expect,data:data34};
if(vErrors === null){
vErrors = [err117];
}
else {
vErrors.push(err117);
}
errors++;
}
}
}
else {
const err118 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema109.properties.spec.type,parentSchema:schema109.properties.spec,data:data3};
if(vErrors === null){
vErrors = [err118];
}
else {
vErrors.push(err118);
}
errors++;
}
}
}
else {
const err119 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema109.type,parentSchema:schema109,data};
if(vErrors === null){
vErrors = [err119];
}
else {
vErrors.push(err119);
}
errors++;
}
validate74.errors = vErrors;
return errors === 0;
}
validate74.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

